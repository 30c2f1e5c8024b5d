package gls

import "testing"

// In a plain build the slot is always empty, whatever was set.
func TestPlainBuildHasNoSlot(t *testing.T) {
	Set("request")
	if v := Get(); v != nil {
		t.Fatalf("Get() = %v after Set in a plain build, want nil", v)
	}
	Set(nil)
	if v := Get(); v != nil {
		t.Fatalf("Get() = %v after Set(nil), want nil", v)
	}
}
