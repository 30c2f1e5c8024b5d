package sqreen_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/hooks"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

// install makes a fresh agent with cfg the process's agent for the test.
func install(t testing.TB, cfg agent.Config) *agent.Agent {
	t.Helper()
	a := agent.New(cfg)
	old := agent.Install(a)
	t.Cleanup(func() { agent.Install(old) })
	return a
}

// testConfig is the default configuration with an unlimited time budget:
// on a loaded machine a 2 ms budget may run out, and these tests are about
// verdicts (the budget has its own test).
func testConfig() agent.Config {
	cfg := agent.Defaults()
	cfg.Budget = 0
	return cfg
}

// withRules compiles YAML rules (besides nothing else) into a.
func withRules(t testing.TB, a *agent.Agent, yaml string) {
	t.Helper()
	rs, err := rules.Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	set, errs := rules.Compile(rs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a.SetRules(set, "test")
}

// sqlHandler runs the query the app would build from ?id and answers
// "rows" (or the error), then writes "after" to show later writes.
func sqlHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	err := hooks.SQLDialect(r.Context(), "postgresql", "SELECT * FROM items WHERE id = "+r.URL.Query().Get("id"))
	if err != nil {
		fmt.Fprintln(w, "handler saw:", err, errors.Is(err, sqreen.ErrBlocked))
		return
	}
	fmt.Fprintln(w, "rows")
}

func TestBlockPageReplacesHandlerResponse(t *testing.T) {
	tests := []struct {
		name, accept, target string
		wantStatus           int
		wantType, wantBody   string
	}{
		{"html", "text/html", "/?id=" + url.QueryEscape("1 OR 1=1"), 403, "text/html; charset=utf-8", "Request blocked"},
		{"json", "application/json", "/?id=" + url.QueryEscape("1; DROP TABLE items"), 403, "application/json", `"error":"request blocked`},
		{"benign", "text/html", "/?id=7", 200, "text/plain", "rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			install(t, testConfig())
			h := sqreen.Middleware(http.HandlerFunc(sqlHandler))
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, tt.target, nil)
			r.Header.Set("Accept", tt.accept)
			h.ServeHTTP(rec, r)
			if rec.Code != tt.wantStatus || rec.Header().Get("Content-Type") != tt.wantType {
				t.Fatalf("status %d type %q, want %d %q", rec.Code, rec.Header().Get("Content-Type"), tt.wantStatus, tt.wantType)
			}
			body := rec.Body.String()
			if !strings.Contains(body, tt.wantBody) || strings.Contains(body, "handler saw") {
				t.Errorf("body %q, want %q and none of the handler's later writes", body, tt.wantBody)
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("security headers missing")
			}
		})
	}
}

func TestBlockedAtEntryHandlerDoesNotRun(t *testing.T) {
	tests := []struct {
		name  string
		setup func(a *agent.Agent)
		ua    string
	}{
		{"scanner user agent", func(*agent.Agent) {}, "sqlmap/1.7.2#stable (https://sqlmap.org)"},
		{"blocked IP", func(a *agent.Agent) { a.BlockIP(netip.MustParsePrefix("192.0.2.0/24"), time.Now().Add(time.Hour)) }, "curl/8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := install(t, testConfig())
			tt.setup(a)
			ran := false
			h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ran = true }))
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/", nil) // from 192.0.2.1
			r.Header.Set("User-Agent", tt.ua)
			h.ServeHTTP(rec, r)
			if ran || rec.Code != http.StatusForbidden {
				t.Errorf("handler ran = %v, status %d; want false, 403", ran, rec.Code)
			}
		})
	}
}

func TestExpiredIPBlockLetsThrough(t *testing.T) {
	a := install(t, testConfig())
	a.BlockIP(netip.MustParsePrefix("192.0.2.1/32"), time.Now().Add(-time.Second))
	rec := httptest.NewRecorder()
	sqreen.Middleware(http.HandlerFunc(sqlHandler)).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?id=1", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("status %d after the block expired, want 200", rec.Code)
	}
}

func TestAllowlistsSkipChecks(t *testing.T) {
	tests := []struct {
		name  string
		setup func(a *agent.Agent)
	}{
		{"ip", func(a *agent.Agent) { a.AllowIP(netip.MustParsePrefix("192.0.2.0/24"), time.Time{}) }},
		{"path", func(a *agent.Agent) {
			if err := a.SetPathAllowlist([]string{"/admin/"}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := install(t, testConfig())
			tt.setup(a)
			rec := httptest.NewRecorder()
			sqreen.Middleware(http.HandlerFunc(sqlHandler)).ServeHTTP(rec,
				httptest.NewRequest(http.MethodGet, "/admin/x?id="+url.QueryEscape("1 OR 1=1"), nil))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "rows") {
				t.Errorf("allowlisted request: status %d body %q, want 200 rows", rec.Code, rec.Body.String())
			}
		})
	}
}

func TestPerRuleMode(t *testing.T) {
	a := install(t, testConfig())
	if err := a.SetMode("rasp-sqli", "monitor"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetMode("rasp-sqli", "drop"); err == nil {
		t.Error("SetMode accepted mode drop")
	}
	rec := httptest.NewRecorder()
	sqreen.Middleware(http.HandlerFunc(sqlHandler)).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?id="+url.QueryEscape("1 OR 1=1"), nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("rule in monitor mode blocked: status %d", rec.Code)
	}
	found := false
	for _, e := range a.DrainEvents(0) {
		found = found || e.RuleID == "rasp-sqli" && e.Action == "monitor"
	}
	if !found {
		t.Error("no monitor event for rasp-sqli")
	}
}

func TestIdentifyBlockedUser(t *testing.T) {
	a := install(t, testConfig())
	a.BlockUser("mallory", time.Time{})
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("u")
		if err := sqreen.Identify(r.Context(), user); err != nil {
			return
		}
		if got := sqreen.FromContext(r.Context()).User(); got != user {
			t.Errorf("FromContext().User() = %q, want %q", got, user)
		}
		io.WriteString(w, "hello "+user)
	}))
	for user, want := range map[string]int{"alice": 200, "mallory": 403} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?u="+user, nil))
		if rec.Code != want {
			t.Errorf("user %s: status %d, want %d", user, rec.Code, want)
		}
	}
}

func TestSecurityHeadersNeverOverrideApp(t *testing.T) {
	cfg := testConfig()
	cfg.CSP = "default-src 'self'"
	install(t, cfg)
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		io.WriteString(w, "ok")
	}))
	for _, tls := range []bool{false, true} {
		rec := httptest.NewRecorder()
		target := "http://a.example/"
		if tls {
			target = "https://a.example/"
		}
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		hd := rec.Header()
		if hd.Get("X-Frame-Options") != "DENY" || hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") == "" || hd.Get("Permissions-Policy") == "" {
			t.Errorf("tls=%v headers %v", tls, hd)
		}
		if got := hd.Get("Content-Security-Policy"); got != "default-src 'self'; report-uri /_sqreen/csp-report" {
			t.Errorf("CSP %q", got)
		}
		if (hd.Get("Strict-Transport-Security") != "") != tls {
			t.Errorf("tls=%v: HSTS %q", tls, hd.Get("Strict-Transport-Security"))
		}
	}
}

func TestCSPReportBecomesEvent(t *testing.T) {
	cfg := testConfig()
	cfg.CSP = "default-src 'self'"
	a := install(t, cfg)
	ran := false
	h := sqreen.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { ran = true }))
	body := `{"csp-report":{"document-uri":"https://a.example/?token=abc","violated-directive":"script-src","blocked-uri":"https://evil.example/x.js"}}`
	r := httptest.NewRequest(http.MethodPost, "/_sqreen/csp-report", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/csp-report")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if ran || rec.Code != http.StatusNoContent {
		t.Fatalf("handler ran %v, status %d; want the agent to answer 204", ran, rec.Code)
	}
	ev := a.DrainEvents(0)
	if len(ev) != 1 || ev[0].Kind != agent.KindCSP || ev[0].Properties["violated_directive"] != "script-src" {
		t.Fatalf("events %+v, want one csp event", ev)
	}
}

func TestTrackAuthAndEvent(t *testing.T) {
	a := install(t, testConfig())
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sqreen.TrackAuth(r.Context(), false, "bob")
		sqreen.TrackEvent(r.Context(), "signup", map[string]any{"plan": "pro", "password": "hunter2", "card": "4111 1111 1111 1111"})
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/login", nil))
	ev := a.DrainEvents(0)
	if len(ev) != 2 {
		t.Fatalf("got %d events, want 2", len(ev))
	}
	if ev[0].Kind != agent.KindAuth || ev[0].User != "bob" || ev[0].Success || ev[0].Request.ClientIP != "192.0.2.1" {
		t.Errorf("auth event %+v", ev[0])
	}
	p := ev[1].Properties
	if p["plan"] != "pro" || p["password"] != "[REDACTED]" || strings.Contains(fmt.Sprint(p["card"]), "4111") {
		t.Errorf("custom event properties not scrubbed: %v", p)
	}
}

// Keep-alive: many requests on one connection, each sees only its own
// context.
func TestKeepAliveRequestsNeverShareContext(t *testing.T) {
	install(t, testConfig())
	var mu sync.Mutex
	var mismatches []string
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("n")
		if err := sqreen.Identify(r.Context(), "user-"+id); err != nil {
			t.Error(err)
		}
		sc := sqreen.FromContext(r.Context())
		if sc == nil || sc.User() != "user-"+id || sc.Route() != "GET /items" {
			mu.Lock()
			mismatches = append(mismatches, id)
			mu.Unlock()
		}
		fmt.Fprint(w, sc.User())
	}))
	mux := http.NewServeMux()
	mux.Handle("GET /items", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tr := &http.Transport{MaxConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	reused := 0
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if info.Reused {
			reused++
		}
	}}
	const n = 50
	for i := 0; i < n; i++ {
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet, fmt.Sprintf("%s/items?n=%d", srv.URL, i), nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != fmt.Sprintf("user-%d", i) {
			t.Fatalf("request %d answered %q", i, b)
		}
	}
	if reused != n-1 {
		t.Errorf("%d of %d requests reused the connection, want %d", reused, n, n-1)
	}
	if len(mismatches) > 0 {
		t.Errorf("requests saw another request's context: %v", mismatches)
	}
}

func TestFaultyRulesDoNotAffectResponses(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		budget  time.Duration
		counter string
	}{
		{"panicking rule", `rules:
  - id: crash
    hook: request
    condition: request.query["id"][7] == "x"
    action: block
`, 0, agent.CounterPanics},
		{"slow rules on huge input", `rules:
  - id: slow-1
    hook: request
    condition: len(filter(split(repeat(request.raw_query, 2000), "&"), {# == "zz"})) > 0
    action: block
  - id: slow-2
    hook: request
    condition: request.path == "/"
    action: block
`, time.Microsecond, agent.CounterChecksSkipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Budget = tt.budget
			a := install(t, cfg)
			withRules(t, a, tt.yaml)
			rec := httptest.NewRecorder()
			sqreen.Middleware(http.HandlerFunc(sqlHandler)).ServeHTTP(rec,
				httptest.NewRequest(http.MethodGet, "/?id=1&"+strings.Repeat("a=b&", 500), nil))
			if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != "rows" {
				t.Errorf("status %d body %q, want the handler's 200 rows", rec.Code, rec.Body.String())
			}
			if n := a.MetricsSnapshot(false).Counters[tt.counter]; n == 0 {
				t.Errorf("counter %s = 0, want the fault counted", tt.counter)
			}
		})
	}
}

func TestWriterKeepsOptionalInterfaces(t *testing.T) {
	install(t, testConfig())
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if _, ok := w.(io.ReaderFrom); !ok {
			t.Error("writer lost io.ReaderFrom")
		}
		io.WriteString(w, "part1\n")
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush through ResponseController: %v", err)
		}
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetWriteDeadline through Unwrap: %v", err)
		}
		if r.URL.Path == "/hijack" {
			c, brw, err := rc.Hijack()
			if err != nil {
				t.Errorf("Hijack: %v", err)
				return
			}
			defer c.Close()
			brw.WriteString("raw\n")
			brw.Flush()
		}
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "part1\n" {
		t.Errorf("body %q", b)
	}
	c, err := dialRaw(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /hijack HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(c)
	all, _ := io.ReadAll(br)
	if !strings.Contains(string(all), "part1") || !strings.HasSuffix(string(all), "raw\n") {
		t.Errorf("hijacked connection read %q", all)
	}
}

func TestJSONBodyInspectedAndRestored(t *testing.T) {
	install(t, testConfig())
	var got map[string]string
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Errorf("handler could not read the body: %v", err)
		}
		if err := hooks.SQLDialect(r.Context(), "postgresql", "SELECT 1 FROM t WHERE name = '"+got["name"]+"'"); err != nil {
			return
		}
		io.WriteString(w, "ok")
	}))
	for body, want := range map[string]int{`{"name":"O'Brien' OR 'a'='a"}`: 403, `{"name":"Obrien"}`: 200} {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, r)
		if rec.Code != want {
			t.Errorf("body %s: status %d, want %d", body, rec.Code, want)
		}
	}
}

// Middleware around a ServeMux still sees the route the mux matched.
func TestRouteFromServeMuxInside(t *testing.T) {
	install(t, testConfig())
	mux := http.NewServeMux()
	var route string
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		route = sqreen.FromContext(r.Context()).Route()
	})
	sqreen.Middleware(mux).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/items/7", nil))
	if route != "GET /items/{id}" {
		t.Errorf("Route() = %q, want the mux pattern", route)
	}
}

// Concurrent requests, attacks and benign ones mixed, each get their own
// verdict.
func TestConcurrentRequestsGetTheirOwnVerdict(t *testing.T) {
	install(t, testConfig())
	srv := httptest.NewServer(sqreen.Middleware(http.HandlerFunc(sqlHandler)))
	defer srv.Close()
	var wg sync.WaitGroup
	errs := make(chan string, 200)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				attack := (g+i)%2 == 0
				id, want := "5", http.StatusOK
				if attack {
					id, want = url.QueryEscape("5 OR 1=1"), http.StatusForbidden
				}
				resp, err := srv.Client().Get(srv.URL + "/?id=" + id)
				if err != nil {
					errs <- err.Error()
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					errs <- fmt.Sprintf("goroutine %d request %d (attack %v): status %d, want %d", g, i, attack, resp.StatusCode, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
