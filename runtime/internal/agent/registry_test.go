package agent

import "testing"

func TestRegistryInstallAndDisable(t *testing.T) {
	t.Setenv("SQREEN_DISABLE", "false")
	old := Install(nil)
	t.Cleanup(func() { Install(old) })
	a := Current()
	if a == nil {
		t.Fatal("Current() = nil with the agent enabled")
	}
	if Current() != a {
		t.Error("Current() started a second agent")
	}
	b := New(Defaults())
	if prev := Install(b); prev != a || Current() != b {
		t.Error("Install did not replace the agent")
	}
	Disable()
	if Current() != nil {
		t.Error("Current() != nil after Disable")
	}
	Install(nil)
	t.Setenv("SQREEN_DISABLE", "true")
	if Current() != nil {
		t.Error("Current() != nil with SQREEN_DISABLE=true")
	}
}
