package agent

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// TestAttackEventCarriesSinkAndRequest: an attack event, as the heartbeat
// sends it, has the scrubbed sink argument and the scrubbed request
// summary: method, path, query, headers and params, with secrets redacted
// and the attack's input kept.
func TestAttackEventCarriesSinkAndRequest(t *testing.T) {
	a := New(Defaults())
	attack := "1' OR '1'='1"
	body := url.Values{"comment": {"nice"}, "password": {"hunter2-secret"}}.Encode()
	r := httptest.NewRequest("POST", "/items?id="+url.QueryEscape(attack)+"&api_key=k-123456", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", "Bearer abc.def.ghi")
	r.Header.Set("X-Trace", "t-1")
	req, end := enterRequest(t, a, r)
	defer end()
	query := "SELECT * FROM items WHERE id = '" + attack + "' AND owner = 'alice@example.com'"
	if err := a.Check(rules.SQL, req, &rules.Input{SQL: &rules.SQLSink{Query: query, Dialect: "sqlite"}}); err == nil {
		t.Fatal("SQL injection not blocked")
	}
	var e *wiremsg.Event
	for _, ev := range (platformLink{a}).DrainEvents(10) {
		if ev.HookPoint == string(rules.SQL) {
			e = ev // the entry's input-only signatures may report too
		}
	}
	if e == nil {
		t.Fatal("no sql event")
	}
	if len(e.Evidence) != 1 {
		t.Fatalf("evidence = %v", e.Evidence)
	}
	if e.Evidence[0].Detector != "sqli" || e.Severity != "critical" {
		t.Errorf("detector %q severity %q, want sqli and the rule's critical", e.Evidence[0].Detector, e.Severity)
	}
	sink := e.Evidence[0].Sink
	if !strings.Contains(sink, attack) || strings.Contains(sink, "alice@example.com") {
		t.Errorf("sink %q: want the query with the attack kept and the e-mail scrubbed", sink)
	}
	s := e.Request
	if s == nil {
		t.Fatal("no request summary")
	}
	if s.Method != "POST" || s.Path != "/items" {
		t.Errorf("method/path = %s %s", s.Method, s.Path)
	}
	q, err := url.ParseQuery(s.Query)
	if err != nil || q.Get("id") != attack || q.Get("api_key") != redacted {
		t.Errorf("query %q: want id kept and api_key redacted", s.Query)
	}
	if s.Headers["Authorization"] != redacted || s.Headers["X-Trace"] != "t-1" {
		t.Errorf("headers %v: want Authorization redacted, X-Trace kept", s.Headers)
	}
	params := map[string]string{}
	for _, p := range s.Params {
		params[p.Source] = p.Value
	}
	for source, want := range map[string]string{"query.id": attack, "query.api_key": redacted, "form.comment": "nice", "form.password": redacted} {
		if got, ok := params[source]; !ok || got != want {
			t.Errorf("param %s = %q (present %v), want %q; all: %v", source, got, ok, want, s.Params)
		}
	}
}

func TestSummaryBounds(t *testing.T) {
	a := New(Defaults())
	qs := url.Values{}
	for i := range maxSummaryParams + 10 {
		qs.Set("p"+strings.Repeat("x", i), strings.Repeat("v", maxSummaryValue+50))
	}
	r := httptest.NewRequest("GET", "/?"+qs.Encode(), nil)
	for i := range maxSummaryHeaders + 5 {
		r.Header.Set("X-H"+strings.Repeat("h", i), "é"+strings.Repeat("v", maxSummaryValue))
	}
	_, r2, end, _ := a.Enter(httptest.NewRecorder(), r)
	defer end()
	s := a.summary(reqctx.FromContext(r2.Context()))
	if len(s.Params) != maxSummaryParams || len(s.Headers) != maxSummaryHeaders {
		t.Errorf("%d params, %d headers; want %d, %d", len(s.Params), len(s.Headers), maxSummaryParams, maxSummaryHeaders)
	}
	for _, p := range s.Params {
		if len(p.Value) > maxSummaryValue+len("…") {
			t.Fatalf("param %s: %d bytes", p.Source, len(p.Value))
		}
	}
	for name, v := range s.Headers {
		if len(v) > maxSummaryValue+len("…") || !strings.HasSuffix(v, "…") {
			t.Fatalf("header %s: %d bytes, not clipped", name, len(v))
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 3, "abc…"},
		{"aé", 2, "a…"}, // never cut inside a rune
		{"", 0, ""},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestLongEventStringsAreClipped: a long SQL query, query string or user
// agent is clipped below the platform's 8 KiB string limit (which would
// refuse the whole heartbeat), and the clipped sink shows the part where
// the input is.
func TestLongEventStringsAreClipped(t *testing.T) {
	a := New(Defaults())
	attack := "1' OR '1'='1"
	r := httptest.NewRequest("GET", "/items?id="+url.QueryEscape(attack)+"&pad="+strings.Repeat("p", 9000), nil)
	r.Header.Set("User-Agent", strings.Repeat("u", 9000))
	_, r2, end, _ := a.Enter(httptest.NewRecorder(), r)
	defer end()
	a.DrainEvents(0)
	query := "SELECT " + strings.Repeat("col, ", 2000) + "x FROM items WHERE id = '" + attack + "' AND " + strings.Repeat("y = 1 AND ", 1000) + "1"
	if err := a.Check(rules.SQL, reqctx.FromContext(r2.Context()), &rules.Input{SQL: &rules.SQLSink{Query: query, Dialect: "sqlite"}}); err == nil {
		t.Fatal("not blocked")
	}
	events := platformLink{a}.DrainEvents(10)
	if len(events) == 0 {
		t.Fatal("no event")
	}
	const limit = maxWireString + 2*len("…")
	e := events[len(events)-1]
	for name, s := range map[string]string{"sink": e.Evidence[0].Sink, "query": e.Request.Query, "user_agent": e.Request.UserAgent} {
		if len(s) > limit {
			t.Errorf("%s: %d bytes, more than %d", name, len(s), limit)
		}
	}
	if !strings.Contains(e.Evidence[0].Sink, attack) {
		t.Errorf("clipped sink lost the input: %q", e.Evidence[0].Sink)
	}
}

func TestClipAround(t *testing.T) {
	long := strings.Repeat("a", 50) + "NEEDLE" + strings.Repeat("b", 50)
	tests := []struct {
		s, keep string
		n       int
		want    string
	}{
		{"short", "x", 10, "short"},
		{long, "NEEDLE", 20, "…aaaaaNEEDLEbbbbbbbbb…"},
		{long, "absent", 10, "aaaaaaaaaa…"},
		{strings.Repeat("a", 30) + "END", "END", 10, "…aaaaaaaEND"},
	}
	for _, tt := range tests {
		if got := clipAround(tt.s, tt.keep, tt.n); got != tt.want {
			t.Errorf("clipAround(%q, %q, %d) = %q, want %q", tt.s, tt.keep, tt.n, got, tt.want)
		}
	}
}
