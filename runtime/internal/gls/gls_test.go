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
	if Live() {
		t.Error("Live() = true in a plain build (an instrumented build's is tested end to end in testscripts/testdata/constant.txtar)")
	}
}

// A plain build does not know where the read-only data lies: no string,
// not even a literal, is known to be constant (the instrumented build is
// tested end to end in testscripts/testdata/constant.txtar).
func TestPlainBuildKnowsNoConstant(t *testing.T) {
	for _, s := range []string{"SELECT 1", ""} {
		if Constant(s) {
			t.Errorf("Constant(%q) = true in a plain build", s)
		}
	}
}
