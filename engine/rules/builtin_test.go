package rules

import (
	"testing"
)

func TestBuiltinCompiles(t *testing.T) {
	rs := Builtin()
	if len(rs) == 0 {
		t.Fatal("no built-in rules")
	}
	set, errs := Compile(rs)
	for _, err := range errs {
		t.Errorf("built-in rule does not compile: %v", err)
	}
	for _, st := range set.Stats() {
		if !st.Native {
			t.Errorf("built-in rule %s has no native plan: it would allocate on every request", st.RuleID)
		}
	}
}

func TestBuiltinRulesHaveTests(t *testing.T) {
	for _, r := range Builtin() {
		var match, noMatch int
		for _, tc := range r.Tests {
			switch tc.Expect {
			case ExpectMatch:
				match++
			case ExpectNoMatch:
				noMatch++
			}
		}
		if match == 0 || noMatch == 0 {
			t.Errorf("rule %s: %d match and %d no_match cases, want at least one of each", r.ID, match, noMatch)
		}
	}
}

// TestBuiltinCases runs every built-in rule's own test cases, with native
// plans and with expr's VM; both must give the expected verdicts.
func TestBuiltinCases(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"native", nil}, {"expr", []Option{withoutNative()}}} {
		t.Run(mode.name, func(t *testing.T) {
			results := RunTests(Builtin(), mode.opts...)
			if len(results) == 0 {
				t.Fatal("no test results")
			}
			for _, r := range results {
				if !r.Passed {
					t.Error(r)
				}
			}
		})
	}
}
