package rules

import (
	"fmt"
	"sort"
	"strings"
)

// TestResult is the outcome of one rule test case.
type TestResult struct {
	RuleID string
	Test   string
	Pos    Position
	Passed bool
	// Want and Got are "match" or "no_match"; Got is "" when Err is set.
	Want, Got string
	// Evidence is what the rule matched on, when it matched.
	Evidence Evidence
	// Err is set when the rule did not compile or its evaluation failed.
	Err error
}

// String describes the result; for a failure, with the input the rule saw.
func (r TestResult) String() string {
	where := fmt.Sprintf("%s:%d:%d", r.Pos.File, r.Pos.Line, r.Pos.Col)
	switch {
	case r.Err != nil:
		return fmt.Sprintf("%s: rule %s: test %q: %v", where, r.RuleID, r.Test, r.Err)
	case r.Passed:
		return fmt.Sprintf("%s: rule %s: test %q: ok", where, r.RuleID, r.Test)
	}
	s := fmt.Sprintf("%s: rule %s: test %q: want %s, got %s", where, r.RuleID, r.Test, r.Want, r.Got)
	if r.Got == ExpectMatch {
		s += fmt.Sprintf(" (source %q, input %q, detail %q)", r.Evidence.Source, r.Evidence.Input, r.Evidence.Detail)
	}
	return s
}

// RunTests runs the test cases of every rule of rs, each rule alone, with
// the options given (as Compile takes them), and returns one result per
// case, in order. A rule that does not compile fails each of its cases.
func RunTests(rs []Rule, opts ...Option) []TestResult {
	var out []TestResult
	for _, r := range rs {
		if len(r.Tests) == 0 {
			continue
		}
		r.Disabled = false
		set, errs := Compile([]Rule{r}, opts...)
		for _, tc := range r.Tests {
			res := TestResult{RuleID: r.ID, Test: tc.Name, Pos: tc.Pos, Want: tc.Expect}
			if len(errs) > 0 {
				res.Err = errs[0]
				out = append(out, res)
				continue
			}
			ev := set.Eval(r.Hook, tc.Input.Input(), nil)
			if ev.Panics > 0 {
				res.Err = fmt.Errorf("evaluation failed (%d panics)", ev.Panics)
				out = append(out, res)
				continue
			}
			res.Got = ExpectNoMatch
			if len(ev.Matches) > 0 {
				res.Got = ExpectMatch
				res.Evidence = ev.Matches[0].Evidence
			}
			res.Passed = res.Got == res.Want
			out = append(out, res)
		}
	}
	return out
}

// Summary counts passed and failed results and lists the failures, one a
// line, for `sqreen-build rules test`.
func Summary(results []TestResult) (passed, failed int, report string) {
	var lines []string
	for _, r := range results {
		if r.Passed {
			passed++
			continue
		}
		failed++
		lines = append(lines, r.String())
	}
	sort.Strings(lines)
	return passed, failed, strings.Join(lines, "\n")
}
