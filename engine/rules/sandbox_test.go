package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/engine/budget"
)

func TestSandbox(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"native", nil}, {"expr", []Option{withoutNative()}}} {
		t.Run(mode.name, func(t *testing.T) {
			d := fakeDetectors()
			d.IsSQLi = func(s string) (string, bool) { panic("detector bug on " + s) }
			var reports []PanicReport
			opts := append([]Option{WithDetectors(d), WithMaxPanics(3),
				WithPanicHandler(func(r PanicReport) { reports = append(reports, r) })}, mode.opts...)
			set, errs := Compile([]Rule{
				{ID: "panics", Hook: RequestHook, Condition: "any_input(is_sqli(#))", Action: Block},
				{ID: "scanner", Hook: RequestHook, Condition: "is_scanner(request.user_agent)"},
			}, opts...)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			in := &Input{Request: testRequest()}
			for i := 1; i <= 5; i++ {
				res := set.Eval(RequestHook, in, nil)
				wantPanics := 1
				if i > 3 {
					wantPanics = 0 // disabled after the third failure
				}
				if res.Panics != wantPanics || res.Blocked() || len(res.Matches) != 1 || res.Matches[0].RuleID != "scanner" {
					t.Fatalf("evaluation %d: %+v, want %d panics and only the scanner match", i, res, wantPanics)
				}
			}
			if n := set.Panics("panics"); n != 3 {
				t.Errorf("Panics = %d, want 3", n)
			}
			if len(reports) != 2 || reports[0].Disabled || !reports[1].Disabled || reports[0].RuleID != "panics" ||
				!strings.Contains(reports[0].String(), "detector bug") {
				t.Errorf("reports %v, want the first failure then the disabling", reports)
			}
			if mode.name == "native" && len(reports[0].Stack) == 0 {
				t.Error("native panic report without a stack")
			}
			st := set.Stats()
			if !st[0].Disabled || st[1].Disabled || !set.Has(RequestHook) {
				t.Errorf("stats %+v: want only the failing rule disabled", st)
			}
		})
	}
}

func TestSandboxDisablesLastRule(t *testing.T) {
	d := Detectors{IsScanner: func(string) (string, bool) { panic("boom") }}
	set, _ := Compile([]Rule{{ID: "only", Hook: RequestHook, Condition: "is_scanner(request.user_agent)"}},
		WithDetectors(d), WithMaxPanics(1))
	set.Eval(RequestHook, &Input{Request: testRequest()}, nil)
	if set.Has(RequestHook) {
		t.Error("Has(request) after its only rule was disabled")
	}
}

func TestSandboxRuntimeError(t *testing.T) {
	// Indexing a missing header fails at run time in expr's VM.
	set, errs := Compile([]Rule{{ID: "idx", Hook: RequestHook, Condition: `request.headers["x-missing"][0] == "a"`}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res := set.Eval(RequestHook, &Input{Request: testRequest()}, nil)
	if res.Panics != 1 || len(res.Matches) != 0 {
		t.Errorf("%+v, want one failure and no match", res)
	}
}

func TestSandboxMemoryBudget(t *testing.T) {
	set, errs := Compile([]Rule{{ID: "mem", Hook: RequestHook, Condition: `len(map(1..100000, # * 2)) > 0`}},
		WithMemoryBudget(1000))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res := set.Eval(RequestHook, &Input{Request: testRequest()}, nil)
	if res.Panics != 1 || len(res.Matches) != 0 {
		t.Errorf("%+v, want the memory budget to stop the rule", res)
	}
}

func TestBudget(t *testing.T) {
	var rs []Rule
	for _, id := range []string{"a", "b", "c", "d"} {
		rs = append(rs, Rule{ID: id, Hook: RequestHook, Condition: `request.method == "GET"`})
	}
	set, _ := Compile(rs)
	in := &Input{Request: &Request{Method: "GET"}}

	t.Run("tiny budget", func(t *testing.T) {
		b := budget.New(time.Nanosecond)
		res := set.Eval(RequestHook, in, b)
		// The first rule starts with the budget untouched; reading the
		// clock after it spends more than a nanosecond.
		if len(res.Matches) != 1 || res.Skipped != 3 || b.Skipped() != 3 {
			t.Errorf("%d matches, %d skipped (budget %d), want 1 and 3", len(res.Matches), res.Skipped, b.Skipped())
		}
		if res.Elapsed <= 0 || b.Spent() != res.Elapsed {
			t.Errorf("elapsed %v, budget spent %v", res.Elapsed, b.Spent())
		}
		// A later hook of the same request skips everything.
		res = set.Eval(RequestHook, in, b)
		if len(res.Matches) != 0 || res.Skipped != 4 || b.Skipped() != 7 {
			t.Errorf("second evaluation: %d matches, %d skipped (budget %d), want 0, 4, 7", len(res.Matches), res.Skipped, b.Skipped())
		}
	})
	t.Run("ample budget", func(t *testing.T) {
		b := budget.New(time.Hour)
		res := set.Eval(RequestHook, in, b)
		if len(res.Matches) != 4 || res.Skipped != 0 || b.Spent() <= 0 {
			t.Errorf("%+v, want all 4 rules run and time charged", res)
		}
		var slowest Match
		for _, m := range res.Matches {
			if m.Elapsed <= 0 {
				t.Errorf("match %s has no elapsed time", m.RuleID)
			}
			if m.Elapsed > slowest.Elapsed {
				slowest = m
			}
		}
		if res.Slowest != slowest.RuleID || res.SlowestElapsed != slowest.Elapsed {
			t.Errorf("slowest %s (%v), want %s (%v)", res.Slowest, res.SlowestElapsed, slowest.RuleID, slowest.Elapsed)
		}
	})
}

func newTestBudget() *budget.Budget { return budget.New(time.Hour) }

// TestConcurrentEval shares one Set and one request between goroutines, as
// a handler fanning out queries does; run with -race.
func TestConcurrentEval(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	req := testRequest()
	b := budget.New(time.Hour)
	done := make(chan Result)
	for i := range 4 {
		go func() {
			in := &Input{Request: req}
			hook := RequestHook
			if i%2 == 1 {
				hook = SQL
				in.SQL = &SQLSink{Query: "SELECT * FROM t WHERE q = 'x' OR 1=1'", Dialect: "mysql"}
			}
			done <- set.Eval(hook, in, b)
		}()
	}
	for range 4 {
		if res := <-done; len(res.Matches) == 0 {
			t.Errorf("no match: %+v", res)
		}
	}
	var evals uint64
	for _, s := range set.Stats() {
		evals += s.Evals
	}
	// Two request evaluations run the 3 request rules, two SQL
	// evaluations the SQL rule.
	if evals != 2*3+2*1 {
		t.Errorf("%d rule evaluations, want 8", evals)
	}
}
