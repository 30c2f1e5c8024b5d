package rules

import (
	"reflect"
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
	for _, r := range BuiltinWithTests() {
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
			results := RunTests(BuiltinWithTests(), mode.opts...)
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

// Builtin keeps no test cases (they would stay in every app's memory) and
// is otherwise BuiltinWithTests.
func TestBuiltinWithoutTests(t *testing.T) {
	with, without := BuiltinWithTests(), Builtin()
	if len(with) != len(without) {
		t.Fatalf("%d rules with tests, %d without", len(with), len(without))
	}
	for i := range with {
		if len(without[i].Tests) != 0 {
			t.Errorf("Builtin()[%d] (%s) keeps %d test cases", i, without[i].ID, len(without[i].Tests))
		}
		w := with[i]
		w.Tests = nil
		if !reflect.DeepEqual(w, without[i]) {
			t.Errorf("rule %d: %+v without tests, %+v with", i, without[i], w)
		}
	}
}
