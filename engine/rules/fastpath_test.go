package rules

import (
	"strings"
	"testing"
	"time"
)

// TestUnmatchedAgreesWithEval runs every built-in rule's test case at a
// sink hook through the whole built-in set: where Unmatched dismisses the
// case, Eval must match nothing, and every case that matches must not be
// dismissed. Some no-match cases must be dismissed, or the fast path
// would never be taken.
func TestUnmatchedAgreesWithEval(t *testing.T) {
	all := BuiltinWithTests()
	set, errs := Compile(all)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	dismissed := 0
	for _, r := range all {
		if r.Hook == RequestHook || r.Hook == Response {
			continue
		}
		for _, tc := range r.Tests {
			un := unmatched(set, r.Hook, tc.Input.Input())
			ev := set.Eval(r.Hook, tc.Input.Input(), nil)
			if un && len(ev.Matches) > 0 {
				t.Errorf("%s, case %q: Unmatched dismissed it, Eval matched %s", r.ID, tc.Name, ev.Matches[0].RuleID)
			}
			if un {
				dismissed++
			}
		}
	}
	if dismissed == 0 {
		t.Error("no case dismissed: the fast path is never taken")
	}
}

// TestUnmatched checks the candidates each detector's gate keeps, and that
// a rule which is not a lone detector call turns the gate off.
func TestUnmatched(t *testing.T) {
	req := func(q string) *Request {
		return &Request{RawQuery: q, FromRaw: true, Header: map[string][]string{"User-Agent": {"Go-http-client/1.1"}}}
	}
	builtin, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	custom, errs := Compile(append(Builtin(), Rule{ID: "drop", Hook: SQL, Condition: `sql.query contains "DROP"`}))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	tests := []struct {
		name string
		set  *Set
		hook HookPoint
		in   *Input
		want bool
	}{
		{"sql, no input in the query", builtin, SQL,
			&Input{Request: req("id=7&ref=home"), SQL: &SQLSink{Query: "SELECT * FROM books WHERE id = 7"}}, true},
		{"sql, an input in the query", builtin, SQL,
			&Input{Request: req("id=7%20OR%201=1"), SQL: &SQLSink{Query: "SELECT * FROM books WHERE id = 7 OR 1=1"}}, false},
		{"sql, letters only in the query (the pre-filter rules them out)", builtin, SQL,
			&Input{Request: req("q=dune"), SQL: &SQLSink{Query: "SELECT * FROM books WHERE title LIKE '%dune%'"}}, true},
		{"sql, the User-Agent in the query", builtin, SQL,
			&Input{Request: req(""), SQL: &SQLSink{Query: "INSERT INTO log VALUES ('Go-http-client/1.1')"}}, false},
		{"sql, an input with a quote, not in the query as is", builtin, SQL,
			&Input{Request: req("q=o'brien"), SQL: &SQLSink{Query: "SELECT * FROM t WHERE name = 'o''brien'"}}, false},
		{"sql, one-byte input", builtin, SQL,
			&Input{Request: req("id=7"), SQL: &SQLSink{Query: "SELECT 7"}}, true},
		{"sql, no request", builtin, SQL, &Input{SQL: &SQLSink{Query: "SELECT 1"}}, true},
		{"sql, a rule that is no lone detector call", custom, SQL,
			&Input{Request: req("id=7"), SQL: &SQLSink{Query: "SELECT 7"}}, false},
		{"file, an input with a percent", builtin, File,
			&Input{Request: req("f=%252e%252e"), File: &FileSink{Op: "open", Path: "/srv/x"}}, false},
		{"file, no input in the path", builtin, File,
			&Input{Request: req("f=report"), File: &FileSink{Op: "open", Path: "/srv/x"}}, true},
		{"shell, an input in the command", builtin, Shell,
			&Input{Request: req("host=example.org"), Shell: &ShellSink{Command: "ping -c1 example.org"}}, false},
		{"template, no input in the output", builtin, Template,
			&Input{Request: req("id=42&ref=home"), Template: &TemplateSink{Name: "page", Output: "<p>hello</p>"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unmatched(tt.set, tt.hook, tt.in); got != tt.want {
				t.Errorf("Unmatched = %v, want %v", got, tt.want)
			}
		})
	}
}

// A hook whose rules are not all lone detector calls is left to Eval
// without listing the request's inputs: such a rule may need none.
func TestUnmatchedListsNothingForOtherRules(t *testing.T) {
	set, errs := Compile([]Rule{{ID: "drop", Hook: SQL, Condition: `sql.query contains "DROP"`}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	r := &Request{RawQuery: "id=7&q=DROP", FromRaw: true}
	if set.Unmatched(SQL, r, &Input{SQL: &SQLSink{Query: "DROP TABLE t"}}) {
		t.Fatal("dismissed")
	}
	if r.inputs != nil {
		t.Errorf("the inputs were listed: %v", r.inputs)
	}
}

// TestUnmatchedCountsEvaluations checks that a dismissed check counts an
// evaluation of the hook's rules, as Eval would.
func TestUnmatchedCountsEvaluations(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	in := &Input{Request: &Request{RawQuery: "id=7", FromRaw: true}, SQL: &SQLSink{Query: "SELECT 7"}}
	if !unmatched(set, SQL, in) {
		t.Fatal("not dismissed")
	}
	for _, st := range set.Stats() {
		want := uint64(0)
		if st.Hook == SQL {
			want = 1
		}
		if st.Evals != want {
			t.Errorf("rule %s: %d evaluations, want %d", st.RuleID, st.Evals, want)
		}
	}
}

// unmatched is Set.Unmatched with the request of in.
func unmatched(s *Set, h HookPoint, in *Input) bool { return s.Unmatched(h, in.Request, in) }

// TestReadsClientIP checks which sets say they may read the client IP.
func TestReadsClientIP(t *testing.T) {
	for _, tt := range []struct {
		cond string
		want bool
	}{
		{`is_scanner(request.user_agent)`, false},
		{`request.client_ip == "192.0.2.1"`, true},
		{`cidr_match(request.client_ip, "10.0.0.0/8") && request.path == "/admin"`, true},
		{`request.path startsWith "/x" || !(lower(request.client_ip) contains "10.")`, true},
		{`len(request.client_ip) > 3`, true},
		{`any(["a"], {# == request.method})`, true}, // expr's VM: any field
	} {
		set, errs := Compile([]Rule{{ID: "r", Hook: RequestHook, Condition: tt.cond}})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tt.cond, errs)
		}
		if got := set.ReadsClientIP(); got != tt.want {
			t.Errorf("%s: ReadsClientIP = %v, want %v", tt.cond, got, tt.want)
		}
	}
	builtin, _ := Compile(Builtin())
	if builtin.ReadsClientIP() {
		t.Error("the built-in rules read the client IP")
	}
}

// The engine's own scanner detector runs untimed on a User-Agent of
// ordinary length (it costs less than reading the clock); a long one, or
// a detector of the app's own, is timed.
func TestScannerRuleUntimed(t *testing.T) {
	rule := []Rule{{ID: "scanner", Hook: RequestHook, Condition: `is_scanner(request.user_agent)`}}
	own, _ := Compile(rule)
	slow, _ := Compile(rule, WithDetectors(Detectors{IsScanner: func(string) (string, bool) {
		time.Sleep(time.Microsecond)
		return "", false
	}}))
	long := strings.Repeat("Mozilla/5.0 ", cheapMax/12+1)
	for _, tt := range []struct {
		name  string
		set   *Set
		ua    string
		timed bool
	}{
		{"own detector, browser", own, "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0", false},
		{"own detector, past cheapMax", own, long, true},
		{"app's detector", slow, "Mozilla/5.0", true},
	} {
		var st evalState
		st.det = &tt.set.cfg.detectors
		st.call(hIsScanner, tt.ua, "")
		if timed := st.work > 0; timed != tt.timed {
			t.Errorf("%s: timed = %v, want %v", tt.name, timed, tt.timed)
		}
	}
}

// A rule disabled after failures stops being counted by the pre-checks
// that decide its hook's rules (countEvals); the others still are, and
// what it was counted before stays.
func TestUnmatchedCountsNoDisabledRule(t *testing.T) {
	d := fakeDetectors()
	d.SQLInjection = func(q, input, dialect string) (string, bool) { panic("detector bug") }
	set, errs := Compile([]Rule{
		{ID: "fails", Hook: SQL, Condition: "sql_injection(sql.query, sql.dialect)", Action: Block},
		{ID: "other", Hook: SQL, Condition: "path_traversal(sql.query)", Action: Block},
	}, WithDetectors(d), WithMaxPanics(1))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	evals := func() (fails, other uint64) {
		st := set.Stats()
		return st[0].Evals, st[1].Evals
	}
	plain := &Input{Request: &Request{RawQuery: "id=7", FromRaw: true}, SQL: &SQLSink{Query: "SELECT 1"}}
	if !unmatched(set, SQL, plain) {
		t.Fatal("not dismissed")
	}
	if f, o := evals(); f != 1 || o != 1 {
		t.Fatalf("after one pre-check: %d and %d evaluations, want 1 each", f, o)
	}
	attack := &Input{Request: &Request{RawQuery: "id=x'y", FromRaw: true}, SQL: &SQLSink{Query: "SELECT x'y"}}
	set.Eval(SQL, attack, nil)
	if !set.Stats()[0].Disabled {
		t.Fatal("the failing rule is not disabled")
	}
	f0, o0 := evals()
	for range 2 {
		if !unmatched(set, SQL, plain) {
			t.Fatal("not dismissed")
		}
	}
	if f, o := evals(); f != f0 || o != o0+2 {
		t.Errorf("two pre-checks after the disabling: %d -> %d and %d -> %d evaluations, want the disabled rule's unchanged and +2",
			f0, f, o0, o)
	}
}
