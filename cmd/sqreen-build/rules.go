package main

// "sqreen-build rules test|check": the rule files' own test cases, for CI.
//
// Exit codes (documented in docs/ci.md, relied on by CI scripts):
//
//	0  every file parsed and compiled, every test case passed
//	1  a test case failed (wrong verdict, or its evaluation failed)
//	2  usage error, an unreadable file, or a rule that does not parse or
//	   compile; the tests of the other rules still run and are reported

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sqreen-go/sqreen/engine/rules"
)

// Exit codes of "sqreen-build rules".
const (
	rulesOK      = 0
	rulesFailed  = 1
	rulesInvalid = 2
)

const rulesUsage = `usage:
	sqreen-build rules test [-v] [--json] FILES|DIRS...   run the test cases in rule files
	sqreen-build rules check [--json] FILES|DIRS...       parse and compile only

A directory stands for its *.yaml and *.yml files. Exit status: 0 all good,
1 a test case failed, 2 usage error or a file or rule that does not parse or
compile.`

// rulesCommand runs "sqreen-build rules ..." and returns the exit code.
func rulesCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "test" && args[0] != "check") {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, rulesUsage)
			return rulesOK
		}
		fmt.Fprintln(stderr, rulesUsage)
		return rulesInvalid
	}
	sub := args[0]
	fs, opts := newRulesFlags(stderr)
	paths, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return rulesInvalid // the flag package has said why
	}
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "sqreen-build rules %s: no rule files given\n%s\n", sub, rulesUsage)
		return rulesInvalid
	}
	ld := loadRuleFiles(paths)
	rep := rulesReport{Files: ld.files, Rules: len(ld.rules), Untested: ld.untested}
	for _, e := range ld.problems {
		rep.Errors = append(rep.Errors, newProblem(e))
	}
	if sub == "test" {
		results := rules.RunTests(ld.rules)
		rep.Passed, rep.Failed, _ = rules.Summary(results)
		for _, r := range results {
			rep.Results = append(rep.Results, newCaseResult(r))
		}
	}
	rep.Exit = rep.exitCode()
	if opts.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "sqreen-build rules:", err)
			return rulesInvalid
		}
		return rep.Exit
	}
	rep.writeText(stdout, sub, opts.verbose)
	return rep.Exit
}

// rulesFlags are the flags of "sqreen-build rules test|check".
type rulesFlags struct {
	verbose bool // list passing cases too
	json    bool // print the report as JSON
}

func newRulesFlags(stderr io.Writer) (*flag.FlagSet, *rulesFlags) {
	var opts rulesFlags
	fs := flag.NewFlagSet("sqreen-build rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, rulesUsage) }
	fs.BoolVar(&opts.verbose, "v", false, "list passing cases too")
	fs.BoolVar(&opts.json, "json", false, "print the report as JSON")
	return fs, &opts
}

// parseInterleaved parses flags placed before, between or after the file
// names ("rules test rules/*.yaml -v"); "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for len(args) > 0 {
		if !strings.HasPrefix(args[0], "-") || args[0] == "-" {
			rest, args = append(rest, args[0]), args[1:]
			continue
		}
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		consumed := len(args) - fs.NArg()
		if args[consumed-1] == "--" {
			return append(rest, fs.Args()...), nil
		}
		args = fs.Args()
	}
	return rest, nil
}

// loaded is what loadRuleFiles read: the rules that parsed and compiled,
// and every problem found.
type loaded struct {
	files    []string
	rules    []rules.Rule
	untested []string // ids of good rules without test cases
	problems []error
}

// loadRuleFiles reads, parses and compiles every file (directories stand
// for their YAML files). Each rule is compiled alone, disabled ones too
// (their tests still run), and ids must be unique across all files: the
// platform and SQREEN_RULES load them as one set.
func loadRuleFiles(paths []string) loaded {
	var ld loaded
	seen := map[string]rules.Position{}
	for _, name := range expandRulePaths(paths, &ld.problems) {
		ld.files = append(ld.files, name)
		data, err := os.ReadFile(name)
		if err != nil {
			ld.problems = append(ld.problems, fmt.Errorf("reading rule file: %w", err))
			continue
		}
		parsed, err := rules.Parse(name, data)
		ld.problems = append(ld.problems, splitErrors(err)...)
		for _, r := range parsed {
			enabled := r
			enabled.Disabled = false
			if _, errs := rules.Compile([]rules.Rule{enabled}); len(errs) > 0 {
				ld.problems = append(ld.problems, errs...)
				continue
			}
			if first, dup := seen[r.ID]; dup {
				ld.problems = append(ld.problems, &rules.Error{File: r.Pos.File, Line: r.Pos.Line, Col: r.Pos.Col, RuleID: r.ID,
					Msg: fmt.Sprintf("duplicate rule id (first in %s:%d)", first.File, first.Line)})
				continue
			}
			seen[r.ID] = r.Pos
			ld.rules = append(ld.rules, r)
			if len(r.Tests) == 0 {
				ld.untested = append(ld.untested, r.ID)
			}
		}
	}
	return ld
}

// expandRulePaths replaces each directory by its *.yaml and *.yml files,
// in name order; a directory without any is a problem, not silence.
func expandRulePaths(paths []string, problems *[]error) []string {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			*problems = append(*problems, fmt.Errorf("rule file: %w", err))
			continue
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		for _, pat := range []string{"*.yaml", "*.yml"} {
			m, _ := filepath.Glob(filepath.Join(p, pat)) // the pattern is well-formed
			found = append(found, m...)
		}
		if len(found) == 0 {
			*problems = append(*problems, fmt.Errorf("rule folder %s: no *.yaml or *.yml file", p))
			continue
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out
}

// splitErrors undoes errors.Join, so that each problem is reported on its
// own line.
func splitErrors(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// rulesReport is the outcome of a run; its JSON form is the --json output.
type rulesReport struct {
	Files    []string     `json:"files"`
	Rules    int          `json:"rules"`
	Untested []string     `json:"untested,omitempty"`
	Errors   []problem    `json:"errors,omitempty"`
	Results  []caseResult `json:"results,omitempty"`
	Passed   int          `json:"passed"`
	Failed   int          `json:"failed"`
	Exit     int          `json:"exit"`
}

// problem is a file or rule that does not load.
type problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	RuleID  string `json:"rule,omitempty"`
	Message string `json:"message"`
	text    string
}

func newProblem(err error) problem {
	p := problem{Message: err.Error(), text: err.Error()}
	var re *rules.Error
	if errors.As(err, &re) {
		p.File, p.Line, p.Col, p.RuleID, p.Message = re.File, re.Line, re.Col, re.RuleID, re.Msg
	}
	return p
}

// caseResult is one test case's outcome.
type caseResult struct {
	File     string          `json:"file"`
	Line     int             `json:"line"`
	Col      int             `json:"col"`
	RuleID   string          `json:"rule"`
	Test     string          `json:"test"`
	Passed   bool            `json:"passed"`
	Want     string          `json:"want"`
	Got      string          `json:"got,omitempty"`
	Evidence *rules.Evidence `json:"evidence,omitempty"`
	Error    string          `json:"error,omitempty"`
}

func newCaseResult(r rules.TestResult) caseResult {
	c := caseResult{File: r.Pos.File, Line: r.Pos.Line, Col: r.Pos.Col, RuleID: r.RuleID, Test: r.Test,
		Passed: r.Passed, Want: r.Want, Got: r.Got}
	if r.Got == rules.ExpectMatch {
		ev := r.Evidence
		c.Evidence = &ev
	}
	if r.Err != nil {
		c.Error = r.Err.Error()
	}
	return c
}

func (r *rulesReport) exitCode() int {
	switch {
	case len(r.Errors) > 0:
		return rulesInvalid
	case r.Failed > 0:
		return rulesFailed
	}
	return rulesOK
}

// writeText prints the report for people: problems first, then one line
// per failing case (every case with verbose) with a want/got diff and the
// evidence, then a summary line.
func (r *rulesReport) writeText(w io.Writer, sub string, verbose bool) {
	for _, p := range r.Errors {
		fmt.Fprintf(w, "ERROR %s\n", p.text)
	}
	for _, c := range r.Results {
		where := fmt.Sprintf("%s:%d:%d", c.File, c.Line, c.Col)
		if c.Passed {
			if verbose {
				fmt.Fprintf(w, "PASS  %s  %s  %q (%s)\n", where, c.RuleID, c.Test, c.Want)
			}
			continue
		}
		fmt.Fprintf(w, "FAIL  %s  %s  %q\n", where, c.RuleID, c.Test)
		if c.Error != "" {
			fmt.Fprintf(w, "      want: %s\n      error: %s\n", c.Want, c.Error)
			continue
		}
		fmt.Fprintf(w, "      - want: %s\n      + got:  %s\n", c.Want, c.Got)
		switch ev := c.Evidence; {
		case ev == nil:
		case *ev == rules.Evidence{}:
			fmt.Fprintln(w, "      evidence: none recorded (the condition names no single input)")
		default:
			fmt.Fprintf(w, "      evidence: source %q, input %q, detail %q\n", ev.Source, ev.Input, ev.Detail)
		}
	}
	if verbose && len(r.Untested) > 0 {
		fmt.Fprintf(w, "rules without test cases: %s\n", strings.Join(r.Untested, ", "))
	}
	status := map[int]string{rulesOK: "ok", rulesFailed: "FAIL", rulesInvalid: "INVALID"}[r.Exit]
	files := len(r.Files)
	if sub == "check" {
		fmt.Fprintf(w, "%s: %d rules compiled, %d errors in %d files\n", status, r.Rules, len(r.Errors), files)
		return
	}
	fmt.Fprintf(w, "%s: %d passed, %d failed, %d errors in %d files (%d rules, %d without tests)\n",
		status, r.Passed, r.Failed, len(r.Errors), files, r.Rules, len(r.Untested))
}
