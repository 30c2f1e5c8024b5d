package rules

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/internal/corpus"
)

// rawGET is the agent's view of a GET (FromRaw) with the value v in the
// query, raw when it can be, in a cookie when it has no ';', and ua as
// its User-Agent.
func rawGET(v, ua string) *Request {
	q := "q=" + url.QueryEscape(v) + "&page=2"
	if !strings.ContainsAny(v, "&#%+;") {
		q = "q=" + v + "&page=2"
	}
	header := map[string][]string{"Accept": {"text/html"}, "User-Agent": {ua}}
	if !strings.ContainsAny(v, ";") {
		header["Cookie"] = []string{"c=" + v + "; theme=dark"}
	}
	return &Request{Method: "GET", Path: "/p", UserAgent: ua, RawQuery: q, FromRaw: true, Header: header}
}

// TestRequestUnmatchedAgreesWithEval runs the built-in request rules on
// every value of the corpora, in a parameter and as the User-Agent: where
// Unmatched dismisses a request, Eval must match nothing on it, and
// plain requests must be dismissed, or the fast path is never taken. The
// agent's form of the question, RequestUnmatchedRaw, answers as Unmatched.
func TestRequestUnmatchedAgreesWithEval(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var values []string
	for _, name := range []string{"httpparams.jsonl.gz", "libinjection.jsonl.gz", "patt.jsonl.gz"} {
		for _, k := range corpus.Load(t, name) {
			values = append(values, k.Input)
		}
	}
	agents := []string{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "sqlmap/1.7.2#stable (https://sqlmap.org)",
		"Fuzz Faster U Fool v2.1.0-dev", "Go-http-client/1.1"}
	dismissed, checked := 0, 0
	check := func(r *Request, what string) {
		checked++
		un := set.Unmatched(RequestHook, r, &Input{})
		if raw := set.RequestUnmatchedRaw(r.RawQuery, r.Header, r.UserAgent); raw != un {
			t.Errorf("%s: RequestUnmatchedRaw = %v, Unmatched = %v", what, raw, un)
		}
		ev := set.Eval(RequestHook, &Input{Request: r}, nil)
		if un && len(ev.Matches) > 0 {
			t.Errorf("%s: Unmatched dismissed it, Eval matched %s", what, ev.Matches[0].RuleID)
		}
		if un {
			dismissed++
		}
	}
	for _, v := range values {
		for _, ua := range agents {
			check(rawGET(v, ua), fmt.Sprintf("value %q, User-Agent %q", v, ua))
		}
		check(rawGET("shoes", v), fmt.Sprintf("User-Agent %q", v))
	}
	for _, ua := range agents[2:] {
		check(rawGET("shoes", ua), "User-Agent "+ua)
	}
	if dismissed == 0 {
		t.Error("no request dismissed: the fast path is never taken")
	}
	t.Logf("%d requests, %d dismissed", checked, dismissed)
}

// TestRequestUnmatched pins the cases.
func TestRequestUnmatched(t *testing.T) {
	builtin, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	compile := func(extra Rule) *Set {
		s, errs := Compile(append(Builtin(), extra))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return s
	}
	const browser = "Mozilla/5.0 (X11; Linux x86_64)"
	tests := []struct {
		name string
		set  *Set
		r    *Request
		want bool
	}{
		{"plain GET", builtin, rawGET("shoes", browser), true},
		{"no parameter", builtin, &Request{FromRaw: true, UserAgent: browser}, true},
		{"attack tool", builtin, rawGET("shoes", "sqlmap/1.7.2"), false},
		{"a parameter the pre-filter keeps", builtin, rawGET("1' OR '1'='1", browser), false},
		{"an escaped parameter", builtin, rawGET("a+b", browser), false},
		{"path parameters are listed only", builtin, &Request{FromRaw: true, UserAgent: browser, Params: map[string]string{"id": "7"}}, false},
		{"a form is listed only", builtin, &Request{FromRaw: true, UserAgent: browser, Form: map[string][]string{"f": {"x"}}}, false},
		{"parsed maps, not FromRaw", builtin, &Request{UserAgent: browser, Query: map[string][]string{"q": {"shoes"}}}, false},
		{"a User-Agent too long to keep", builtin, rawGET("shoes", browser+strings.Repeat(" x", maxUserAgentLen)), false},
		{"a rule on another field", compile(Rule{ID: "admin", Hook: RequestHook, Condition: `request.path == "/admin"`}), rawGET("shoes", browser), false},
		{"a rule on expr's VM", compile(Rule{ID: "vm", Hook: RequestHook, Condition: `len(request.headers) > 50`}), rawGET("shoes", browser), false},
		{"any_input reads the headers too", compile(Rule{ID: "all", Hook: RequestHook, Condition: `any_input(is_xss(#))`}), rawGET("shoes", browser), false},
		{"a rule on the User-Agent, not met", compile(Rule{ID: "curl", Hook: RequestHook, Condition: `lower(request.user_agent) startsWith "curl/"`}), rawGET("shoes", browser), true},
		{"a rule on the User-Agent, met", compile(Rule{ID: "curl", Hook: RequestHook, Condition: `lower(request.user_agent) startsWith "curl/"`}), rawGET("shoes", "Curl/8.4"), false},
	}
	for _, tt := range tests {
		if got := tt.set.Unmatched(RequestHook, tt.r, &Input{}); got != tt.want {
			t.Errorf("%s: Unmatched = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRequestUnmatchedKeepsUserAgents: a clean User-Agent is kept, so the
// rules on it do not run for its next requests; a matching one is not; the
// cache stops growing at maxUserAgents.
func TestRequestUnmatchedKeepsUserAgents(t *testing.T) {
	calls := 0
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	known := func(ua string) bool {
		m := set.userAgents.Load()
		return m != nil && m.has(ua)
	}
	set.Unmatched(RequestHook, rawGET("shoes", "Mozilla/5.0"), &Input{})
	set.Unmatched(RequestHook, rawGET("shoes", "nikto/2.5"), &Input{})
	if !known("Mozilla/5.0") || known("nikto/2.5") {
		t.Errorf("kept Mozilla/5.0: %v (want true), nikto/2.5: %v (want false)", known("Mozilla/5.0"), known("nikto/2.5"))
	}
	for i := range 2 * maxUserAgents {
		set.Unmatched(RequestHook, rawGET("shoes", fmt.Sprintf("agent/%d", i)), &Input{})
	}
	if n := set.userAgents.Load().n; n != maxUserAgents {
		t.Errorf("%d User-Agents kept, want the bound %d", n, maxUserAgents)
	}
	// Past the bound a new User-Agent is left to Eval, as before the
	// cache, which finds nothing in it.
	past := rawGET("shoes", "agent/9999")
	if set.Unmatched(RequestHook, past, &Input{}) {
		t.Error("a new User-Agent past the bound: dismissed, want it left to Eval")
	}
	if res := set.Eval(RequestHook, &Input{Request: past}, nil); len(res.Matches) > 0 {
		t.Errorf("Eval on a plain request past the bound matched %s", res.Matches[0].RuleID)
	}
	if !set.Unmatched(RequestHook, rawGET("shoes", "agent/3"), &Input{}) {
		t.Error("a User-Agent kept before the bound: not dismissed")
	}

	// A replaced detector may keep state: its rule runs every time.
	custom, errs := Compile(Builtin(), WithDetectors(Detectors{IsScanner: func(ua string) (string, bool) {
		calls++
		return "", false
	}}))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for range 3 {
		if custom.Unmatched(RequestHook, rawGET("shoes", "Mozilla/5.0"), &Input{}) {
			t.Fatal("dismissed with a replaced scanner detector")
		}
		custom.Eval(RequestHook, &Input{Request: rawGET("shoes", "Mozilla/5.0")}, nil)
	}
	if calls != 3 {
		t.Errorf("replaced IsScanner called %d times, want 3", calls)
	}
}

// TestRequestUnmatchedCountsEvaluations: a dismissed request counts one
// evaluation of each rule, as Eval does.
func TestRequestUnmatchedCountsEvaluations(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !set.Unmatched(RequestHook, rawGET("shoes", "Mozilla/5.0"), &Input{}) {
		t.Fatal("plain request not dismissed")
	}
	n := 0
	for _, st := range set.Stats() {
		if st.Hook == RequestHook {
			n++
			if st.Evals != 1 {
				t.Errorf("%s: %d evaluations, want 1", st.RuleID, st.Evals)
			}
		}
	}
	if n == 0 {
		t.Fatal("no request rule")
	}
}

// TestSinkUnmatchedFromRawAgreesWithEval runs the built-in sql rules on
// the agent's view of requests (FromRaw) carrying every value of the
// corpora, in the query the corpus gives or in a literal of one, through
// the pre-checks as the agent asks them (SinkUnmatchedRaw, then Unmatched
// when the raw reading cannot tell): where they dismiss a query, Eval
// must match nothing; and some queries must be dismissed from the raw
// reading alone.
func TestSinkUnmatchedFromRawAgreesWithEval(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	dismissed, checked := 0, 0
	check := func(v, query string) {
		checked++
		sql := &SQLSink{Query: query, Dialect: "postgresql"}
		un, raw := set.SinkUnmatchedRaw(SQL, rawGET(v, "Mozilla/5.0"), &Input{SQL: sql})
		if !raw {
			un = set.Unmatched(SQL, rawGET(v, "Mozilla/5.0"), &Input{SQL: sql})
		}
		ev := set.Eval(SQL, &Input{Request: rawGET(v, "Mozilla/5.0"), SQL: sql}, nil)
		if un && len(ev.Matches) > 0 {
			t.Errorf("value %q in %q: dismissed (raw reading: %v), Eval matched %s", v, query, raw, ev.Matches[0].RuleID)
		}
		if un && raw {
			dismissed++
		}
	}
	for _, name := range []string{"templated.jsonl.gz", "httpparams.jsonl.gz", "libinjection.jsonl.gz"} {
		for _, k := range corpus.Load(t, name) {
			if k.Kind == "sqli" && k.Context != "" {
				check(k.Input, k.Context)
				continue
			}
			check(k.Input, "SELECT a FROM t WHERE b = '"+k.Input+"'")
			check(k.Input, "SELECT a FROM t WHERE b = $1")
		}
	}
	if dismissed == 0 {
		t.Error("no query dismissed: the fast path is never taken")
	}
	t.Logf("%d queries, %d dismissed", checked, dismissed)
}

// TestRawSinkCandidate pins what the raw reading finds, and when it
// leaves the answer to the list.
func TestRawSinkCandidate(t *testing.T) {
	const query = "SELECT * FROM books WHERE title = 'my home' AND shelf = 'home' AND id = 7"
	header := func(kv ...string) map[string][]string {
		h := map[string][]string{}
		for i := 0; i < len(kv); i += 2 {
			h[kv[i]] = append(h[kv[i]], kv[i+1])
		}
		return h
	}
	tests := []struct {
		name      string
		r         *Request
		reach, ok bool
	}{
		{"nothing reaches", &Request{FromRaw: true, RawQuery: "id=7&ref=shelf", Header: header("User-Agent", "Go-http-client/1.1")}, false, true},
		{"a parameter in the query", &Request{FromRaw: true, RawQuery: "t=my home"}, true, true},
		{"a plain word, which the pre-filter rules out", &Request{FromRaw: true, RawQuery: "t=home"}, false, true},
		{"one byte is no candidate", &Request{FromRaw: true, RawQuery: "id=7"}, false, true},
		{"a quote, escaped in the query", &Request{FromRaw: true, RawQuery: "t=O'Reilly"}, true, true},
		{"a header in the query, plain word or not", &Request{FromRaw: true, Header: header("X-Title", "home")}, true, true},
		{"a header that is no input", &Request{FromRaw: true, Header: header("Accept-Encoding", "home")}, false, true},
		{"a cookie in the query", &Request{FromRaw: true, Header: header("Cookie", "a=1; t=my home")}, true, true},
		{"a name given twice: every value", &Request{FromRaw: true, Header: header("Cookie", "t=my home; t=x")}, true, true},
		{"an escape: the list decides", &Request{FromRaw: true, RawQuery: "t=ho%6De"}, false, false},
		{"path parameters: the list", &Request{FromRaw: true, Params: map[string]string{"t": "home"}}, false, false},
		{"parsed maps: the list", &Request{Query: map[string][]string{"t": {"home"}}}, false, false},
	}
	for _, tt := range tests {
		reach, ok := tt.r.rawSinkCandidate(hSQLInjection, query, true)
		if reach != tt.reach || ok != tt.ok {
			t.Errorf("%s: rawSinkCandidate = %v, %v; want %v, %v", tt.name, reach, ok, tt.reach, tt.ok)
		}
	}
}

// TestAnyRawInput pins what the template pre-check finds in a raw query
// and header, and when it leaves the answer to the list.
func TestAnyRawInput(t *testing.T) {
	tag := func(v string, _ bool) bool { return strings.Contains(v, "<") }
	tests := []struct {
		name      string
		rawQuery  string
		header    map[string][]string
		found, ok bool
	}{
		{"nothing", "id=7&ref=home", map[string][]string{"User-Agent": {"Go-http-client/1.1"}}, false, true},
		{"a query value", "id=7&q=<b>", nil, true, true},
		{"a query key is no value", "<b>=1", nil, false, true},
		{"a header", "", map[string][]string{"X-Note": {"a", "<b>"}}, true, true},
		{"a header that is no input", "", map[string][]string{"Accept-Encoding": {"<b>"}, "Connection": {"<b>"}}, false, true},
		{"a cookie", "", map[string][]string{"Cookie": {"a=1; b=<b>"}}, true, true},
		{"an escape: the list decides", "q=%3Cb%3E", nil, false, false},
		{"more pairs than are listed: the list", strings.Repeat("a=1&", maxQueryParams) + "a=1", nil, false, false},
	}
	for _, tt := range tests {
		found, ok := AnyRawInput(tt.rawQuery, tt.header, tag)
		if found != tt.found || ok != tt.ok {
			t.Errorf("%s: AnyRawInput = %v, %v; want %v, %v", tt.name, found, ok, tt.found, tt.ok)
		}
	}
}

// A request rule the pre-check cannot decide makes it leave every request
// to Eval; once that rule is disabled after failures, the pre-check
// decides requests again (reqGates follows the enabled rules).
func TestRequestUnmatchedFollowsDisabledRules(t *testing.T) {
	rs := []Rule{
		{ID: "sqli", Hook: RequestHook, Condition: "any_param(is_sqli(#))", Action: Block},
		// Neither a signature of the parameters nor a condition on the
		// User-Agent alone; it fails at run time (a missing header).
		{ID: "odd", Hook: RequestHook, Condition: `request.headers["x-missing"][0] == "a"`, Action: Block},
	}
	set, errs := Compile(rs, WithMaxPanics(1))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	plain := rawGET("shoes", "Go-http-client/1.1")
	if set.Unmatched(RequestHook, plain, &Input{}) {
		t.Fatal("dismissed a request with a rule the pre-check cannot decide")
	}
	set.Eval(RequestHook, &Input{Request: plain}, nil) // "odd" fails and is disabled
	if !set.Stats()[1].Disabled {
		t.Fatal("the failing rule is not disabled")
	}
	if !set.Unmatched(RequestHook, plain, &Input{}) {
		t.Error("with the odd rule disabled, a plain request is not dismissed")
	}
	if set.Unmatched(RequestHook, rawGET("1' OR '1'='1", "Go-http-client/1.1"), &Input{}) {
		t.Error("a parameter the signature is a candidate for was dismissed")
	}
}

// TestAgentTable: what the table holds it finds, the empty User-Agent
// included, and nothing else, full or not, whatever the probes collide on;
// a copy leaves the original as it was.
func TestAgentTable(t *testing.T) {
	var tab *agentTable
	var kept []string
	for i := range maxUserAgents {
		ua := fmt.Sprintf("Mozilla/5.0 (agent %d)", i)
		if i == 7 {
			ua = ""
		}
		prev := tab
		tab = tab.with(ua)
		if prev != nil && prev.has(ua) {
			t.Fatalf("with(%q) changed the table it copied", ua)
		}
		kept = append(kept, ua)
	}
	if tab.n != maxUserAgents {
		t.Errorf("n = %d, want %d", tab.n, maxUserAgents)
	}
	if again := tab.with(kept[3]); again.n != tab.n {
		t.Errorf("adding a kept User-Agent again: n = %d, want %d", again.n, tab.n)
	}
	for _, ua := range kept {
		if !tab.has(ua) {
			t.Errorf("has(%q) = false for a kept User-Agent", ua)
		}
	}
	for i := maxUserAgents; i < 4*maxUserAgents; i++ {
		if ua := fmt.Sprintf("Mozilla/5.0 (agent %d)", i); tab.has(ua) {
			t.Errorf("has(%q) = true, never kept", ua)
		}
	}
	if (&agentTable{}).has("") || (&agentTable{}).has("x") {
		t.Error("the empty table holds something")
	}
}
