package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const goodRules = `rules:
  - id: admin-path
    hook: request
    condition: request.path startsWith "/admin"
    tests:
      - name: admin page
        input: {request: {path: /admin/users}}
        expect: match
      - name: home
        input: {request: {path: /}}
        expect: no_match
`

const failingRules = `rules:
  - id: admin-wrong
    hook: request
    condition: request.path startsWith "/admin"
    tests:
      - name: wrong expectation
        input: {request: {path: /admin/x}}
        expect: no_match
`

// badCondition names a variable the request hook does not have.
const badCondition = `rules:
  - id: broken
    hook: request
    condition: sql.query == "x"
    tests:
      - input: {request: {path: /}}
        expect: no_match
  - id: fine
    hook: request
    condition: request.method == "PUT"
    tests:
      - input: {request: {method: PUT}}
        expect: match
`

const badYAML = "rules:\n  - id: x\n    hook: [request\n"

const untested = `rules:
  - id: lonely
    hook: request
    condition: request.method == "TRACE"
`

const disabledRule = `rules:
  - id: off
    hook: request
    condition: request.method == "PUT"
    disabled: true
    tests:
      - input: {request: {method: PUT}}
        expect: match
`

// writeFiles writes name -> content into a temporary folder and returns
// the folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRulesCommand(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good.yaml":     goodRules,
		"failing.yaml":  failingRules,
		"badcond.yaml":  badCondition,
		"badyaml.yaml":  badYAML,
		"untested.yaml": untested,
		"disabled.yml":  disabledRule,
		"dup.yaml":      strings.Replace(untested, "lonely", "admin-path", 1),
		"noevidence.yaml": `rules:
  - id: vm-only
    hook: request
    condition: 'len(request.headers) > 0'
    tests:
      - input: {request: {headers: {X-Debug: "1"}}}
        expect: no_match
`,
		"readevidence.yaml": `rules:
  - id: vm-reads
    hook: request
    condition: '(request.headers["x-debug"]?.[0] ?? "") != ""'
    tests:
      - input: {request: {headers: {X-Debug: "1"}}}
        expect: no_match
`,
	})
	in := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name     string
		args     []string
		wantCode int
		// wantOut are substrings of stdout, in order; {dir} is the folder.
		wantOut []string
		// notOut must not appear in stdout.
		notOut  []string
		wantErr string // substring of stderr
	}{
		{name: "all pass", args: []string{"test", in("good.yaml")}, wantCode: 0,
			wantOut: []string{"ok: 2 passed, 0 failed, 0 errors in 1 files (1 rules, 0 without tests)"},
			notOut:  []string{"PASS"}},
		{name: "verbose lists passing cases", args: []string{"test", in("good.yaml"), "-v"}, wantCode: 0,
			wantOut: []string{`PASS  {dir}/good.yaml:6:9  admin-path  "admin page" (match)`, `PASS  {dir}/good.yaml:9:9  admin-path  "home" (no_match)`, "ok: 2 passed"}},
		{name: "failure shows diff and evidence", args: []string{"test", in("good.yaml"), in("failing.yaml")}, wantCode: 1,
			wantOut: []string{`FAIL  {dir}/failing.yaml:6:9  admin-wrong  "wrong expectation"`,
				"      - want: no_match\n      + got:  match\n",
				`evidence: source "request.path", input "/admin/x", detail "startsWith"`},
			notOut: []string{"ERROR"}},
		{name: "match without evidence", args: []string{"test", in("noevidence.yaml")}, wantCode: 1,
			wantOut: []string{"      + got:  match\n      evidence: none recorded (the condition names no single input)\n"}},
		{name: "match on expr's VM names the field it read", args: []string{"test", in("readevidence.yaml")}, wantCode: 1,
			wantOut: []string{"      + got:  match\n", `evidence: source "header.x-debug", input "1", detail "read by the condition"`}},
		{name: "rule that does not compile", args: []string{"test", in("badcond.yaml")}, wantCode: 2,
			wantOut: []string{"ERROR {dir}/badcond.yaml:4:16: rule broken: unknown name sql", "INVALID: 1 passed, 0 failed, 1 errors"}},
		{name: "file that does not parse", args: []string{"test", in("badyaml.yaml"), in("good.yaml")}, wantCode: 2,
			wantOut: []string{"ERROR {dir}/badyaml.yaml:", "invalid YAML", "INVALID: 2 passed"}},
		{name: "missing file", args: []string{"test", in("nope.yaml")}, wantCode: 2,
			wantOut: []string{"ERROR rule file: stat {dir}/nope.yaml: no such file or directory"}},
		{name: "untested rule is counted", args: []string{"test", "-v", in("untested.yaml")}, wantCode: 0,
			wantOut: []string{"rules without test cases: lonely", "ok: 0 passed, 0 failed, 0 errors in 1 files (1 rules, 1 without tests)"}},
		{name: "disabled rule's cases run", args: []string{"test", in("disabled.yml")}, wantCode: 0,
			wantOut: []string{"ok: 1 passed"}},
		{name: "duplicate id across files", args: []string{"check", in("good.yaml"), in("dup.yaml")}, wantCode: 2,
			wantOut: []string{"ERROR {dir}/dup.yaml:2:5: rule admin-path: duplicate rule id (first in {dir}/good.yaml:2)"}},
		{name: "check compiles only", args: []string{"check", in("failing.yaml")}, wantCode: 0,
			wantOut: []string{"ok: 1 rules compiled, 0 errors in 1 files"}, notOut: []string{"FAIL"}},
		{name: "check reports compile errors", args: []string{"check", in("badcond.yaml")}, wantCode: 2,
			wantOut: []string{"rule broken: unknown name sql", "INVALID: 1 rules compiled, 1 errors in 1 files"}},
		{name: "directory stands for its yaml files", args: []string{"check", dir}, wantCode: 2,
			wantOut: []string{"{dir}/badcond.yaml", "{dir}/badyaml.yaml", "in 9 files"}},
		{name: "flags after --are files", args: []string{"test", "--", in("good.yaml")}, wantCode: 0,
			wantOut: []string{"ok: 2 passed"}},
		{name: "no files", args: []string{"test", "-v"}, wantCode: 2, wantErr: "no rule files given"},
		{name: "unknown flag", args: []string{"test", "-x", in("good.yaml")}, wantCode: 2, wantErr: "flag provided but not defined: -x"},
		{name: "unknown subcommand", args: []string{"run"}, wantCode: 2, wantErr: "usage:"},
		{name: "no subcommand", args: nil, wantCode: 2, wantErr: "usage:"},
		{name: "help", args: []string{"help"}, wantCode: 0, wantOut: []string{"Exit status: 0 all good"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := rulesCommand(tt.args, &stdout, &stderr)
			out := stdout.String()
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, out, stderr.String())
			}
			rest := out
			for _, w := range tt.wantOut {
				w = strings.ReplaceAll(w, "{dir}", dir)
				i := strings.Index(rest, w)
				if i < 0 {
					t.Errorf("stdout lacks %q (in order)\nstdout:\n%s", w, out)
					break
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.notOut {
				if strings.Contains(out, n) {
					t.Errorf("stdout has %q\nstdout:\n%s", n, out)
				}
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr lacks %q\nstderr:\n%s", tt.wantErr, stderr.String())
			}
		})
	}
}

func TestRulesCommandJSON(t *testing.T) {
	dir := writeFiles(t, map[string]string{"failing.yaml": failingRules, "badcond.yaml": badCondition})
	var stdout, stderr bytes.Buffer
	code := rulesCommand([]string{"test", "--json", filepath.Join(dir, "failing.yaml"), filepath.Join(dir, "badcond.yaml")}, &stdout, &stderr)
	if code != rulesInvalid {
		t.Errorf("exit code %d, want %d (a compile error outranks a failed test)", code, rulesInvalid)
	}
	var rep rulesReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
	}
	if rep.Passed != 1 || rep.Failed != 1 || rep.Exit != rulesInvalid || len(rep.Files) != 2 || rep.Rules != 2 {
		t.Errorf("report counts: %+v", rep)
	}
	if len(rep.Errors) != 1 {
		t.Fatalf("errors: %+v, want one", rep.Errors)
	}
	e := rep.Errors[0]
	if e.File != filepath.Join(dir, "badcond.yaml") || e.Line != 4 || e.Col != 16 || e.RuleID != "broken" || e.Message != "unknown name sql" {
		t.Errorf("error: %+v", e)
	}
	var failed *caseResult
	for i := range rep.Results {
		if !rep.Results[i].Passed {
			failed = &rep.Results[i]
		}
	}
	if failed == nil {
		t.Fatalf("no failed result in %+v", rep.Results)
	}
	if failed.RuleID != "admin-wrong" || failed.Want != "no_match" || failed.Got != "match" || failed.Line != 6 ||
		failed.Evidence == nil || failed.Evidence.Input != "/admin/x" {
		t.Errorf("failed case: %+v (evidence %+v)", failed, failed.Evidence)
	}
}

// TestRulesCommandExampleCI keeps the example CI rules passing.
func TestRulesCommandExampleCI(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "ci", "rules", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example CI rule files (%v)", err)
	}
	var stdout, stderr bytes.Buffer
	if code := rulesCommand(append([]string{"test"}, files...), &stdout, &stderr); code != rulesOK {
		t.Errorf("exit code %d\n%s%s", code, stdout.String(), stderr.String())
	}
}

func FuzzParseInterleaved(f *testing.F) {
	f.Add("test\x00-v\x00a.yaml")
	f.Add("a.yaml\x00--\x00-v\x00--json")
	f.Add("-json\x00--\x00")
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		var stderr bytes.Buffer
		fs, _ := newRulesFlags(&stderr)
		files, err := parseInterleaved(fs, args)
		if err != nil {
			return
		}
		// files is a subsequence of args, and without "--" no file
		// looks like a flag.
		i := 0
		for _, f := range files {
			for i < len(args) && args[i] != f {
				i++
			}
			if i == len(args) {
				t.Fatalf("file %q is not an arg, or out of order: %q from %q", f, files, args)
			}
			i++
			if strings.HasPrefix(f, "-") && f != "-" && !slices.Contains(args, "--") {
				t.Errorf("flag-like file %q from %q", f, args)
			}
		}
	})
}
