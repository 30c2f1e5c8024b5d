package rules

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// ruleFile writes a one-rule file whose condition starts at line 4,
// column 16.
func ruleFile(hook HookPoint, cond string) string {
	return fmt.Sprintf("rules:\n  - id: r1\n    hook: %s\n    condition: %s\n", hook, cond)
}

func compileOne(t *testing.T, hook HookPoint, cond string, opts ...Option) (*Set, []error) {
	t.Helper()
	rs, err := Parse("c.yaml", []byte(ruleFile(hook, cond)))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return Compile(rs, opts...)
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		hook HookPoint
		cond string
		want string
	}{
		{"unknown name", RequestHook, "request.method == GET", "c.yaml:4:34: rule r1: unknown name GET"},
		{"not a bool", RequestHook, "request.method", "c.yaml:4:16: rule r1: expected bool, but got string"},
		{"mismatched types", RequestHook, "request.method == 1", "c.yaml:4:31: rule r1: invalid operation: == (mismatched types string and int)"},
		{"syntax", RequestHook, "request.method ==", "c.yaml:4:32: rule r1: unexpected token EOF"},
		{"unknown field", RequestHook, "request.metod == 'GET'", "c.yaml:4:24: rule r1: type rules.Request has no field metod"},
		// Typed environments: a sink's name exists only at its hook.
		{"sql at request", RequestHook, "sql.query contains 'x'", "c.yaml:4:16: rule r1: unknown name sql"},
		{"shell at sql", SQL, "shell.command != ''", "c.yaml:4:16: rule r1: unknown name shell"},
		{"file at shell", Shell, "file.path != ''", "c.yaml:4:16: rule r1: unknown name file"},
		{"http_client at file", File, "http_client.url != ''", "c.yaml:4:16: rule r1: unknown name http_client"},
		{"template at http_client", HTTPClient, "template.output != ''", "c.yaml:4:16: rule r1: unknown name template"},
		{"response at template", Template, "response.status == 500", "c.yaml:4:16: rule r1: unknown name response"},
		{"sql at response", Response, "sql.query != ''", "c.yaml:4:16: rule r1: unknown name sql"},
		// Helpers are typed.
		{"helper argument type", RequestHook, "is_sqli(1)", "c.yaml:4:24: rule r1: cannot use int as argument (type string) to call is_sqli"},
		{"helper arity", SQL, "sql_injection(sql.query)", "c.yaml:4:16: rule r1: not enough arguments to call sql_injection"},
		{"unknown helper", RequestHook, "is_evil(request.path)", "c.yaml:4:16: rule r1: unknown name is_evil"},
		// Constants checked at load.
		{"bad regex", RequestHook, `request.path matches "("`, "c.yaml:4:29: rule r1: error parsing regexp: missing closing ): `(`"},
		{"variable regex", RequestHook, "request.path matches request.route", "c.yaml:4:37: rule r1: the pattern of matches must be a string constant (regexes are compiled once, at load)"},
		{"bad network", RequestHook, `cidr_match(request.client_ip, "10.0.0.0/33")`, `c.yaml:4:46: rule r1: invalid network "10.0.0.0/33" for cidr_match: netip.ParsePrefix("10.0.0.0/33"): prefix length out of range`},
		{"variable network", RequestHook, "cidr_match(request.client_ip, request.path)", "c.yaml:4:46: rule r1: argument cidr of cidr_match must be a string constant"},
		{"reserved name", RequestHook, "len(__in) > 0", "c.yaml:4:20: rule r1: __in is reserved (names starting with __ are not available to rules)"},
		// any_input keeps positions exact.
		{"any_input inner error", RequestHook, "'any_input(is_sqli(#) && #.x)'", "c.yaml:4:43: rule r1: type string has no field x"},
		{"pointer outside any_input", RequestHook, "is_sqli(#)", "c.yaml:4:24: rule r1: unexpected token Operator(\"#\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, errs := compileOne(t, tt.hook, tt.cond)
			if len(errs) != 1 {
				t.Fatalf("got %d errors %v, want 1", len(errs), errs)
			}
			if got := errs[0].Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
			var re *Error
			if !errors.As(errs[0], &re) || re.RuleID != "r1" {
				t.Errorf("error %#v is not a *rules.Error for r1", errs[0])
			}
			if set.Has(tt.hook) {
				t.Errorf("Has(%s) after the only rule was rejected", tt.hook)
			}
		})
	}
}

func TestCompileBlockScalarPosition(t *testing.T) {
	src := "rules:\n  - id: r1\n    hook: request\n    condition: |\n      request.method == \"GET\" &&\n        sql.query == \"x\"\n"
	rs, err := Parse("b.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, errs := Compile(rs)
	want := "b.yaml:6:9: rule r1: unknown name sql"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors %v, want %s", errs, want)
	}
}

func TestCompileKeepsGoodRules(t *testing.T) {
	rs := []Rule{
		{ID: "good", Hook: RequestHook, Condition: `request.method == "TRACE"`},
		{ID: "bad", Hook: RequestHook, Condition: `request.method ==`},
		{ID: "good", Hook: SQL, Condition: `true`},
		{ID: "off", Hook: Shell, Condition: `broken(`, Disabled: true},
		{ID: "Bad Id", Hook: RequestHook, Condition: `true`},
	}
	set, errs := Compile(rs)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		"<rules>:1:17: rule bad: unexpected token EOF",
		"<rules>: rule good: duplicate rule id",
		`<rules>: rule Bad Id: invalid id "Bad Id" (want lower-case letters, digits, '-', '_', '.')`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if !set.Has(RequestHook) || set.Has(SQL) || set.Has(Shell) {
		t.Errorf("Has: request %v sql %v shell %v, want true false false", set.Has(RequestHook), set.Has(SQL), set.Has(Shell))
	}
	if got := set.Rules(); len(got) != 1 || got[0].Action != Monitor || got[0].Severity != "medium" || got[0].Name != "good" {
		t.Errorf("Rules() = %+v, want the good rule with defaults", got)
	}
}

func TestCompileMaxNodes(t *testing.T) {
	cond := strings.Repeat(`request.path == "a" || `, 40) + "false"
	_, errs := compileOne(t, RequestHook, cond, WithMaxNodes(50))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "compilation failed: expression exceeds maximum allowed nodes") {
		t.Errorf("errors %v, want the node limit", errs)
	}
	if _, errs := compileOne(t, RequestHook, cond); len(errs) != 0 {
		t.Errorf("default limit rejects a 120-node condition: %v", errs)
	}
}

func TestVersion(t *testing.T) {
	a, _ := Compile([]Rule{{ID: "a", Hook: RequestHook, Condition: "true"}})
	b, _ := Compile([]Rule{{ID: "a", Hook: RequestHook, Condition: "true"}})
	c, _ := Compile([]Rule{{ID: "a", Hook: RequestHook, Condition: "true", Action: Block}})
	if a.Version() != b.Version() || a.Version() == c.Version() || len(a.Version()) != 16 {
		t.Errorf("versions %q %q %q: want equal for equal rules, different when the action changes", a.Version(), b.Version(), c.Version())
	}
}

// TestFieldsMatchEnv checks that every field native plans read is a
// string field of the environment of the hooks that have it.
func TestFieldsMatchEnv(t *testing.T) {
	for id, path := range fieldPaths {
		if id == 0 {
			continue
		}
		hook := RequestHook
		if sink, _, ok := strings.Cut(path, "."); ok && sink != "request" {
			hook = hookTable[hookIndexBySink(t, sink)].point
		}
		set, errs := Compile([]Rule{{ID: "f", Hook: hook, Condition: path + ` == "x"`}})
		if len(errs) > 0 {
			t.Errorf("%s: %v", path, errs[0])
			continue
		}
		if !set.Stats()[0].Native {
			t.Errorf("%s: no native plan", path)
		}
	}
}

func hookIndexBySink(t *testing.T, sink string) int {
	for i, h := range hookTable {
		if h.sink == sink {
			return i
		}
	}
	t.Fatalf("no hook for %s", sink)
	return 0
}

// FuzzCompile compiles arbitrary conditions at every hook and evaluates
// the ones that compile: neither may panic.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"any_input(is_sqli(#))", "sql_injection(sql.query, sql.dialect)", `cidr_match(request.client_ip, "10.0.0.0/8")`,
		`request.path matches "^/a" && !(request.method in ["GET"])`, `any_param(lower(url_decode(#)) contains "x")`,
		`request.query.q?.[0] ?? "" == "a"`, `len(__in)`, `is_scanner()`, `any_input(`, `1..3 | map(# * 2)`,
	} {
		f.Add(s, uint8(0))
	}
	in := &Input{Request: testRequest(), SQL: &SQLSink{Query: "SELECT 1", Dialect: "mysql"}, Shell: &ShellSink{Command: "ls"},
		File: &FileSink{Path: "/x"}, HTTPClient: &URLSink{URL: "http://a"}, Template: &TemplateSink{Output: "<p>"},
		Response: &ResponseInfo{Status: 200}}
	f.Fuzz(func(t *testing.T, cond string, hook uint8) {
		h := hookTable[int(hook)%numHooks].point
		set, errs := Compile([]Rule{{ID: "f", Hook: h, Condition: cond}}, WithDetectors(fakeDetectors()))
		for _, err := range errs {
			if strings.Contains(err.Error(), "internal error") {
				t.Errorf("%q: %v", cond, err)
			}
		}
		set.Eval(h, in, nil)
	})
}
