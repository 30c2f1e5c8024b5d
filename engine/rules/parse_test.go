package rules

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := `rules:
  - id: sqli-orders
    name: SQL injection on orders
    hook: sql
    condition: sql_injection(sql.query, sql.dialect)
    action: block
    severity: critical
    tags: [sqli, orders]
    tests:
      - name: tautology
        input:
          request: {query: {id: ["1 OR 1=1", "2"]}, headers: {X-Trace: abc}}
          sql: {query: "SELECT 1", dialect: mysql}
        expect: match
  - id: defaults
    hook: request
    condition: |
      request.method == "TRACE"
    disabled: true
`
	rs, err := Parse("orders.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(rs) != 2 {
		t.Fatalf("got %d rules, want 2", len(rs))
	}
	r := rs[0]
	if r.ID != "sqli-orders" || r.Name != "SQL injection on orders" || r.Hook != SQL || r.Action != Block ||
		r.Severity != "critical" || !slices.Equal(r.Tags, []string{"sqli", "orders"}) || r.Disabled {
		t.Errorf("rule 0 = %+v", r)
	}
	if r.Pos != (Position{"orders.yaml", 2, 5}) || r.ConditionPos != (Position{"orders.yaml", 5, 16}) {
		t.Errorf("positions = %+v, %+v", r.Pos, r.ConditionPos)
	}
	if len(r.Tests) != 1 {
		t.Fatalf("got %d tests, want 1", len(r.Tests))
	}
	tc := r.Tests[0]
	in := tc.Input.Input()
	if tc.Name != "tautology" || tc.Expect != ExpectMatch || in.SQL.Dialect != "mysql" ||
		!slices.Equal(in.Request.Query["id"], []string{"1 OR 1=1", "2"}) || in.Request.Headers["x-trace"][0] != "abc" {
		t.Errorf("test case = %+v, input %+v", tc, in.Request)
	}
	d := rs[1]
	if d.Name != "defaults" || d.Action != Monitor || d.Severity != "medium" || !d.Disabled ||
		d.Condition != "request.method == \"TRACE\"\n" || d.ConditionPos != (Position{"orders.yaml", 18, 7}) {
		t.Errorf("rule 1 = %+v", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // every *Error, in order
	}{
		{"yaml syntax", "rules: [", []string{"f.yaml:1:1: invalid YAML: did not find expected node content"}},
		{"empty", "", []string{"f.yaml: empty rule file (want a mapping with a rules list)"}},
		{"no rules key", "version: 1\n", []string{
			`f.yaml:1:1: unknown key "version" (want rules)`,
			"f.yaml:1:1: missing rules list"}},
		{"rules not a list", "rules: {a: b}\n", []string{"f.yaml:1:8: rules must be a list"}},
		{"bad fields", "rules:\n  - id: A b\n    hook: sqll\n    condition: x\n    action: deny\n    severity: urgent\n", []string{
			`f.yaml:2:9: rule A b: invalid id "A b" (want lower-case letters, digits, '-', '_', '.')`,
			`f.yaml:3:11: rule A b: unknown hook "sqll" (want request, sql, shell, file, http_client, template, response)`,
			`f.yaml:5:13: rule A b: unknown action "deny" (want block or monitor)`,
			`f.yaml:6:15: rule A b: unknown severity "urgent" (want low, medium, high, critical)`}},
		{"missing fields", "rules:\n  - name: x\n", []string{
			"f.yaml:2:5: missing id",
			"f.yaml:2:5: missing hook",
			"f.yaml:2:5: missing condition"}},
		{"unknown key", "rules:\n  - id: a\n    hook: request\n    condition: 'true'\n    when: x\n", []string{
			`f.yaml:5:5: rule a: unknown key "when" (want one of id, name, hook, condition, action, severity, tags, tests, disabled)`}},
		{"duplicate id", "rules:\n  - id: a\n    hook: request\n    condition: x\n  - id: a\n    hook: request\n    condition: y\n", []string{
			"f.yaml:5:5: rule a: duplicate rule id (first at line 2)"}},
		{"condition not a string", "rules:\n  - id: a\n    hook: request\n    condition: [x]\n", []string{
			"f.yaml:4:16: rule a: condition must be a string",
			"f.yaml:2:5: rule a: missing condition"}},
		{"bad test", "rules:\n  - id: a\n    hook: request\n    condition: 'true'\n    tests:\n      - name: t1\n        input: {request: {mehtod: GET}}\n        expect: yes\n", []string{
			`f.yaml:8:17: rule a: test t1: unknown expect "yes" (want match or no_match)`,
			`f.yaml:7:27: rule a: test t1: unknown key "mehtod" in request (want one of method, path, route, raw_query, client_ip, user, user_agent, query, form, headers, cookies, params, body)`}},
		{"test without the hook's sink", "rules:\n  - id: a\n    hook: sql\n    condition: 'true'\n    tests:\n      - input: {request: {method: GET}}\n        expect: match\n", []string{
			"f.yaml:6:16: rule a: test #1: input has no sql (the rule's hook)"}},
		{"tags not strings", "rules:\n  - id: a\n    hook: request\n    condition: 'true'\n    tags: {a: b}\n", []string{
			"f.yaml:5:11: rule a: tags must be a list of strings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("Parse succeeded, want errors")
			}
			got := errorLines(err)
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			var re *Error
			if !errors.As(err, &re) {
				t.Errorf("error %T is not a *rules.Error", err)
			}
		})
	}
}

// TestParseKeepsGoodRules checks that one bad rule does not hide the others.
func TestParseKeepsGoodRules(t *testing.T) {
	src := "rules:\n  - id: good\n    hook: request\n    condition: 'true'\n  - id: bad\n    hook: nowhere\n    condition: 'true'\n"
	rs, err := Parse("f.yaml", []byte(src))
	if err == nil || len(rs) != 1 || rs[0].ID != "good" {
		t.Errorf("Parse = %d rules, %v; want the good rule and an error", len(rs), err)
	}
}

// TestParseWithoutTests: the agent's parse ignores the tests key, which
// Parse reads and checks, and reads everything else alike.
func TestParseWithoutTests(t *testing.T) {
	src := "rules:\n  - id: a\n    hook: request\n    condition: request.method == 'TRACE'\n    action: block\n" +
		"    tests:\n      - {input: {request: {method: TRACE}}, expect: match}\n      - {input: {request: {nope: 1}}, expect: yes}\n"
	if _, err := Parse("f.yaml", []byte(src)); err == nil {
		t.Fatal("Parse accepted a rule with bad test cases")
	}
	rs, err := ParseWithoutTests("f.yaml", []byte(src))
	if err != nil || len(rs) != 1 {
		t.Fatalf("ParseWithoutTests = %d rules, %v; want the rule", len(rs), err)
	}
	if r := rs[0]; r.ID != "a" || r.Action != Block || r.Tests != nil || r.Condition != "request.method == 'TRACE'" {
		t.Errorf("ParseWithoutTests read %+v", r)
	}
	if _, err := ParseWithoutTests("f.yaml", []byte("rules:\n  - id: b\n    hook: nowhere\n    condition: 'true'\n")); err == nil {
		t.Error("ParseWithoutTests accepted an unknown hook")
	}
	for _, r := range Builtin() {
		if r.Tests != nil {
			t.Errorf("Builtin rule %s keeps its test cases", r.ID)
		}
	}
	if n := len(BuiltinWithTests()[0].Tests); n == 0 {
		t.Error("BuiltinWithTests has no test cases")
	}
}

// errorLines splits a joined error into its messages.
func errorLines(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"builtin/rasp.yaml", "builtin/scanners.yaml", "builtin/signatures.yaml"} {
		data, err := builtinFiles.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("rules:\n  - id: a\n    hook: request\n    condition: |\n      any_input(# contains \"x\")\n"))
	f.Add([]byte("rules: [{id: a, hook: sql, condition: x, tests: [{input: {sql: {query: q}}, expect: match}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Parse("fuzz.yaml", data)
		if err != nil {
			var re *Error
			if !errors.As(err, &re) {
				t.Fatalf("error %T is not a *rules.Error: %v", err, err)
			}
		}
		// Whatever parsed must compile or be rejected cleanly.
		set, _ := Compile(rs)
		for _, r := range rs {
			for _, tc := range r.Tests {
				set.Eval(r.Hook, tc.Input.Input(), nil)
			}
		}
	})
}

// TestParseJSON: YAML is a superset of JSON, so the platform may send rule
// files as JSON.
func TestParseJSON(t *testing.T) {
	src := `{"rules": [{"id": "j1", "hook": "request", "condition": "request.method == \"TRACE\"", "action": "block",
	  "tests": [{"input": {"request": {"method": "TRACE"}}, "expect": "match"}]}]}`
	rs, err := Parse("rules.json", []byte(src))
	if err != nil || len(rs) != 1 || rs[0].Action != Block || rs[0].ConditionPos != (Position{"rules.json", 1, 58}) {
		t.Fatalf("Parse = %+v, %v", rs, err)
	}
	for _, r := range RunTests(rs) {
		if !r.Passed {
			t.Error(r)
		}
	}
}
