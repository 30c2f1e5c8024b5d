package rules

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/engine/budget"
	"github.com/sqreen-go/sqreen/engine/internal/corpus"
	"github.com/sqreen-go/sqreen/engine/rasp"
	"github.com/sqreen-go/sqreen/engine/waf"
)

// prefilterPair compiles the built-in rules with and without the
// pre-filter.
func prefilterPair(tb testing.TB) (with, without *Set) {
	tb.Helper()
	with, errs := Compile(Builtin())
	if len(errs) > 0 {
		tb.Fatal(errs)
	}
	without, errs = Compile(Builtin(), withoutPrefilter())
	if len(errs) > 0 {
		tb.Fatal(errs)
	}
	return with, without
}

// findings is what an evaluation found, without the timings.
func findings(res Result) []string {
	var out []string
	for _, m := range res.Matches {
		out = append(out, fmt.Sprintf("%s %s %q %q", m.RuleID, m.Evidence.Source, m.Evidence.Input, m.Evidence.Detail))
	}
	return out
}

// checkPrefilter evaluates the value v, as a query parameter and as a
// cookie beside ordinary ones, with the request rules and, when query is
// not empty, with the SQL rule on query; both sets must find the same.
// It also checks each condition of candidate directly against the
// detector it stands for.
func checkPrefilter(t *testing.T, with, without *Set, v, query, dialect string) {
	t.Helper()
	c := inputClass(v)
	if !candidate(hIsSQLi, c) && len(v) >= 2 {
		if m, ok := waf.DetectSQLi(v); ok {
			t.Errorf("is_sqli: pre-filter rules %q out, DetectSQLi flags it (%v)", v, m)
		}
	}
	if !candidate(hIsXSS, c) && len(v) >= 2 {
		if m, ok := waf.DetectXSS(v); ok {
			t.Errorf("is_xss: pre-filter rules %q out, DetectXSS flags it (%v)", v, m)
		}
	}
	if !candidate(hSQLInjection, c) && len(v) >= 2 && query != "" {
		if f, ok := rasp.DetectSQL(query, v, dialect); ok {
			t.Errorf("sql_injection: pre-filter rules %q out, DetectSQL flags it in %q (%v)", v, query, f.Reason)
		}
	}
	req := func() *Request {
		return &Request{Method: "GET", Path: "/p", UserAgent: "Mozilla/5.0",
			Query:   map[string][]string{"q": {v}, "page": {"2"}},
			Headers: map[string][]string{"accept": {"text/html"}},
			Cookies: map[string]string{"c": v, "theme": "dark"}}
	}
	// The same request as the agent gives it (FromRaw): the value raw in
	// the query when it can be, and as a cookie when it has no ';'.
	raw := func() *Request {
		q := "q=" + url.QueryEscape(v) + "&page=2"
		if !strings.ContainsAny(v, "&#%+;") {
			q = "q=" + v + "&page=2"
		}
		cookie := "theme=dark"
		if !strings.ContainsAny(v, ";") {
			cookie = "c=" + v + "; theme=dark"
		}
		return &Request{Method: "GET", Path: "/p", UserAgent: "Mozilla/5.0", RawQuery: q, FromRaw: true,
			Header: map[string][]string{"Accept": {"text/html"}, "Cookie": {cookie}}}
	}
	ins := []*Input{{Request: req()}, {Request: raw()}}
	if query != "" {
		ins = append(ins, &Input{Request: req(), SQL: &SQLSink{Query: query, Dialect: dialect}})
	}
	for _, in := range ins {
		h := RequestHook
		if in.SQL != nil {
			h = SQL
		}
		a := findings(with.Eval(h, in, nil))
		if in.Request.FromRaw {
			in = &Input{Request: raw()} // a fresh request: its inputs are listed once
		}
		b := findings(without.Eval(h, in, nil))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s hook, value %q: with the pre-filter %q, without %q", h, v, a, b)
		}
	}
}

// TestPrefilterSameVerdicts runs the built-in rules on every value of the
// corpora, with and without the pre-filter: the same findings every time.
// The sink cases of templated.jsonl.gz run on their own query; the other
// values are placed in a string literal and in a number position.
func TestPrefilterSameVerdicts(t *testing.T) {
	with, without := prefilterPair(t)
	n := 0
	for _, name := range []string{"templated.jsonl.gz", "httpparams.jsonl.gz", "libinjection.jsonl.gz", "patt.jsonl.gz"} {
		for _, k := range corpus.Load(t, name) {
			n++
			if k.Kind == "sqli" && k.Context != "" {
				checkPrefilter(t, with, without, k.Input, k.Context, "postgresql")
				continue
			}
			checkPrefilter(t, with, without, k.Input, "SELECT a FROM t WHERE b = '"+k.Input+"' AND c = "+k.Input, "mysql")
		}
	}
	t.Logf("%d values", n)
}

// TestCandidate pins the conditions on a few values.
func TestCandidate(t *testing.T) {
	tests := []struct {
		v           string
		sqli, xss   bool
		sqlInjected bool
	}{
		{"shoes", false, false, false},
		{"true", false, false, false},
		{"1700000000", false, false, false},
		{"price_asc", true, false, false},
		{"en-US", true, false, true},
		{"4a1e7c9b2d", true, false, true},
		{"jane.doe@example.com", true, false, true},
		{"1 or 1=1", true, true, true},
		{"O'Reilly", true, false, true},
		{"'-alert(1)-'", true, true, true},
		{"Tom & Jerry", true, true, true},
		{"<b>", true, true, true},
	}
	for _, tt := range tests {
		c := inputClass(tt.v)
		if got := candidate(hIsSQLi, c); got != tt.sqli {
			t.Errorf("candidate(is_sqli, %q) = %v; want %v", tt.v, got, tt.sqli)
		}
		if got := candidate(hIsXSS, c); got != tt.xss {
			t.Errorf("candidate(is_xss, %q) = %v; want %v", tt.v, got, tt.xss)
		}
		if got := candidate(hSQLInjection, c); got != tt.sqlInjected {
			t.Errorf("candidate(sql_injection, %q) = %v; want %v", tt.v, got, tt.sqlInjected)
		}
	}
}

// TestPrefilterOnlyDefaultDetectors: a detector replaced through
// WithDetectors is called on every input, pre-filter or not.
func TestPrefilterOnlyDefaultDetectors(t *testing.T) {
	calls := 0
	set, errs := Compile(Builtin(), WithDetectors(Detectors{IsSQLi: func(s string) (string, bool) {
		calls++
		return "", false
	}}))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	req := &Request{Query: map[string][]string{"a": {"shoes"}, "b": {"42"}}}
	set.Eval(RequestHook, &Input{Request: req}, nil)
	if calls != 2 {
		t.Errorf("replaced IsSQLi called %d times; want 2 (once per parameter)", calls)
	}
	if set.cfg.detectors.pre.has(hIsSQLi) || !set.cfg.detectors.pre.has(hIsXSS) {
		t.Errorf("pre-filter set %b: want is_xss only among the signatures", set.cfg.detectors.pre)
	}
}

// FuzzPrefilter checks the pre-filter against the full evaluation on
// generated values, in a string literal and in a number position.
func FuzzPrefilter(f *testing.F) {
	for _, s := range []string{"shoes", "true", "1 or 1=1", "x' OR '1'='1", "<img src=x onerror=alert(1)>",
		"en-US", "4a1e7c9b2d", "price_asc", "1;select pg_sleep(5)", "'-alert(1)-'", "javascript:alert(1)"} {
		f.Add(s)
	}
	with, without := prefilterPair(f)
	f.Fuzz(func(t *testing.T, v string) {
		checkPrefilter(t, with, without, v, "SELECT a FROM t WHERE b = '"+v+"' AND c = "+v+" LIMIT 10", "generic")
	})
}

// TestNoClockWithoutWork: an evaluation that calls no detector (every
// input ruled out by the pre-filter or absent from the short sink) reads
// no clock and charges nothing; one that calls a detector is measured.
func TestNoClockWithoutWork(t *testing.T) {
	with, _ := prefilterPair(t)
	req := &Request{Query: map[string][]string{"q": {"shoes"}, "lang": {"en-US"}}}
	in := &Input{Request: req, SQL: &SQLSink{Query: "SELECT * FROM p WHERE name = 'shoes'", Dialect: "postgresql"}}
	b := budget.New(time.Second)
	res := with.Eval(SQL, in, b)
	if len(res.Matches) != 0 || res.Elapsed != 0 || res.Slowest != "" || b.Spent() != 0 {
		t.Errorf("no detector call: %+v, budget spent %v; want nothing measured", res, b.Spent())
	}
	in.SQL.Query = "SELECT * FROM p WHERE lang = 'en-US'" // en-US is a candidate, and in the query
	if res := with.Eval(SQL, in, b); res.Slowest != "rasp-sqli" {
		t.Errorf("detector called: Slowest %q; want rasp-sqli measured", res.Slowest)
	}
}

// checkRawCandidates checks that the helpers rawCandidates finds without
// listing the inputs cover those of every parameter the list holds, and
// are the list's exactly when the query has no escape.
func checkRawCandidates(t *testing.T, query, cookie string) {
	t.Helper()
	header := map[string][]string{"User-Agent": {"Mozilla/5.0 (X11)"}}
	if cookie != "" {
		header["Cookie"] = []string{cookie}
	}
	r := &Request{Method: "GET", Path: "/", RawQuery: query, FromRaw: true, Header: header}
	s, ok := r.rawCandidates()
	if !ok {
		t.Fatalf("query %q, cookie %q: no raw candidates for a FromRaw GET", query, cookie)
	}
	var listed helperSet
	for _, in := range r.Inputs() {
		if in.IsParam() {
			listed |= candidates(in.Value)
		}
	}
	if s&listed != listed {
		t.Errorf("query %q, cookie %q: raw candidates %b miss helpers of the listed parameters %b", query, cookie, s, listed)
	}
	if !strings.ContainsAny(query, "%+") && s != listed {
		t.Errorf("query %q, cookie %q: raw candidates %b, listed %b: want equal without escapes", query, cookie, s, listed)
	}
}

func TestRawCandidates(t *testing.T) {
	for _, tc := range []struct{ query, cookie string }{
		{"", ""},
		{"id=7&ref=home", ""},
		{"id=7&ref=home", "session=abc123; theme=dark"},
		{"q=a=b&x", ""},              // '=' in a value; a key without value
		{"q=1;2&id=3", ""},           // ';': the pair is no input
		{"q=%27+or+1%3D1&id=3", ""},  // escapes: every class
		{"&&q=<b>&", `c="x'y"; d=`},  // empty pairs, quoted cookie
		{"a=1&a=2&a='", `a=1; a=2\`}, // repeated names
		{"q=\x80\xff", " x = y ; ;z"},
	} {
		checkRawCandidates(t, tc.query, tc.cookie)
	}
	// Requests whose parameters the raw strings do not hold.
	for _, r := range []*Request{
		{RawQuery: "a=1"}, // maps, not FromRaw
		{RawQuery: "a=1", FromRaw: true, Params: map[string]string{"id": "1"}},
		{RawQuery: "a=1", FromRaw: true, Form: map[string][]string{"f": {"x"}}},
		{RawQuery: "a=1", FromRaw: true, Body: map[string]any{"k": "v"}},
	} {
		if _, ok := r.rawCandidates(); ok {
			t.Errorf("%+v: raw candidates given, want the list", r)
		}
	}
}

func FuzzRawCandidates(f *testing.F) {
	f.Add("id=7&ref=home", "a=b; c=d")
	f.Add("q=%3Cscript%3E&x=1;2", `s="q"`)
	f.Fuzz(func(t *testing.T, query, cookie string) {
		checkRawCandidates(t, query, cookie)
	})
}

// A plain GET (parameters and cookies that are numbers or words) is
// screened by the built-in request rules without listing its inputs; one
// with a quote in a parameter is listed and flagged. (A value mixing
// letters and digits, such as a session id, is a candidate for is_sqli:
// "1union" is one.)
func TestRequestRulesListInputsOnlyWhenNeeded(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	header := map[string][]string{"User-Agent": {"Mozilla/5.0 (X11)"}, "Cookie": {"theme=dark; lang=en"}}
	plain := &Request{Method: "GET", Path: "/book", RawQuery: "id=7&ref=home", FromRaw: true, Header: header}
	if res := set.Eval(RequestHook, &Input{Request: plain}, nil); len(res.Matches) != 0 {
		t.Fatalf("plain GET matched %+v", res.Matches)
	}
	if plain.classes != nil {
		t.Errorf("plain GET: the inputs were listed (%d)", len(plain.inputs))
	}
	attack := &Request{Method: "GET", Path: "/book", RawQuery: "id=7'+or+'1'='1&ref=home", FromRaw: true, Header: header}
	res := set.Eval(RequestHook, &Input{Request: attack}, nil)
	if len(res.Matches) == 0 || res.Matches[0].Evidence.Source != "query.id" {
		t.Fatalf("attack: matches %+v, want one on query.id", res.Matches)
	}
}
