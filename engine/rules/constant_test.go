package rules

import (
	"testing"
)

// The built-in RASP rules are all input-driven: a constant query, command
// or path leaves them unrun, and counts no evaluation.
func TestConstantSinkUnmatchedBuiltin(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, h := range []HookPoint{SQL, Shell, File} {
		before := evalsAt(set, h)
		if !set.ConstantSinkUnmatched(h) {
			t.Errorf("%s: a constant sink is checked, want the built-in rules left unrun", h)
		}
		if got := evalsAt(set, h); got != before {
			t.Errorf("%s: evaluations %d -> %d, want none counted", h, before, got)
		}
	}
	// Not sinks, or never constants: the request itself, an outgoing
	// request's URL (built by net/url), a page.
	for _, h := range []HookPoint{RequestHook, HTTPClient, Template} {
		if set.ConstantSinkUnmatched(h) {
			t.Errorf("%s: ConstantSinkUnmatched = true", h)
		}
	}
	var none *Set
	if !none.ConstantSinkUnmatched(SQL) {
		t.Error("nil set: a constant sink is checked")
	}
}

// evalsAt sums the evaluations of the rules of hook h.
func evalsAt(s *Set, h HookPoint) uint64 {
	var n uint64
	for _, st := range s.Stats() {
		if st.Hook == h {
			n += st.Evals
		}
	}
	return n
}

// A rule that is not a lone detector call on the sink's own text can
// match a constant: the hook's constant sinks are then checked as any
// other.
func TestConstantSinkUnmatchedNeedsInputDrivenRules(t *testing.T) {
	for _, tc := range []struct {
		hook      HookPoint
		condition string
		want      bool
	}{
		{SQL, "sql_injection(sql.query, sql.dialect)", true},
		{SQL, `sql_injection("SELECT 1", sql.dialect)`, true},
		{SQL, `sql.query contains "DROP TABLE"`, false},                // a policy on the text itself
		{SQL, "sql_injection(request.user_agent, sql.dialect)", false}, // not the sink's text
		{SQL, "sql_injection(lower(sql.query), sql.dialect)", false},   // a transform of it
		{Shell, "shell_injection(shell.command)", true},
		{Shell, `shell.command startsWith "rm "`, false},
		{File, "path_traversal(file.path)", true},
		{File, `file.path == "/etc/passwd"`, false},
	} {
		rs := []Rule{{ID: "r", Hook: tc.hook, Condition: tc.condition, Action: Block}}
		if tc.hook == SQL {
			// One input-driven rule beside it does not make the hook so.
			rs = append(rs, Rule{ID: "sqli", Hook: SQL, Condition: "sql_injection(sql.query, sql.dialect)", Action: Block})
		}
		set, errs := Compile(rs)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tc.condition, errs)
		}
		if got := set.ConstantSinkUnmatched(tc.hook); got != tc.want {
			t.Errorf("%s at %s: ConstantSinkUnmatched = %v, want %v", tc.condition, tc.hook, got, tc.want)
		}
	}
}

// What leaving the rules unrun changes: an input that equals a piece of the
// developer's own query, spanning several of its tokens, makes Eval flag a
// query that no input built; ConstantSinkUnmatched spares that false
// positive. The same text built from the input is the attack it is.
func TestConstantSinkUnmatchedSparesACoincidence(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	const query = "SELECT * FROM users WHERE name = 'x' OR '1'='1'"
	input := "x' OR '1'='1"
	r := &Request{Method: "GET", Path: "/", Query: map[string][]string{"name": {input}}}
	res := set.Eval(SQL, &Input{Request: r, SQL: &SQLSink{Query: query, Dialect: "mysql"}}, nil)
	if len(res.Matches) == 0 {
		t.Fatalf("Eval did not flag %q with the input %q: the case shows nothing", query, input)
	}
	if !set.ConstantSinkUnmatched(SQL) {
		t.Error("the constant query is checked")
	}
}

// TemplateXSSOnly holds for the built-in rules and for template rules
// that are all the built-in condition, blanks aside; one other template
// rule makes it false, unless its file disables it (it is not compiled).
func TestTemplateXSSOnly(t *testing.T) {
	builtin, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !builtin.TemplateXSSOnly() {
		t.Error("built-in rules: TemplateXSSOnly = false")
	}
	xss := Rule{ID: "xss", Hook: Template, Condition: "template_xss( template.output )", Action: Block}
	other := Rule{ID: "other", Hook: Template, Condition: `template.output contains "secret"`, Action: Block}
	disabled := other
	disabled.Disabled = true
	for _, tc := range []struct {
		name  string
		rules []Rule
		want  bool
	}{
		{"no template rule", nil, true},
		{"the condition with blanks", []Rule{xss}, true},
		{"another rule", []Rule{xss, other}, false},
		{"another rule, disabled in its file", []Rule{xss, disabled}, true},
	} {
		set, errs := Compile(tc.rules)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tc.name, errs)
		}
		if got := set.TemplateXSSOnly(); got != tc.want {
			t.Errorf("%s: TemplateXSSOnly = %v, want %v", tc.name, got, tc.want)
		}
	}
	var none *Set
	if none.TemplateXSSOnly() {
		t.Error("nil set: TemplateXSSOnly = true")
	}
}
