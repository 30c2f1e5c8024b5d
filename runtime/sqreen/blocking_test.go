package sqreen_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/runtime/hooks"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

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

// The In-App WAF sees a JSON body at entry, and reports a match on it
// once, as coming from the body.
func TestWAFInspectsBodyAtEntry(t *testing.T) {
	a := install(t, testConfig())
	withRules(t, a, `rules:
  - id: body-probe
    hook: request
    condition: any_input(# contains "<script>")
    action: block
`)
	ran := false
	h := sqreen.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { ran = true }))
	r := httptest.NewRequest(http.MethodPost, "/comments?page=1", strings.NewReader(`{"comment":{"text":"hi <script>x</script>"}}`))
	r.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if ran || rec.Code != http.StatusForbidden {
		t.Fatalf("handler ran %v, status %d; want blocked at entry", ran, rec.Code)
	}
	ev := a.DrainEvents(0)
	if len(ev) != 1 || ev[0].Evidence.Source != "body.comment.text" {
		t.Errorf("events %+v, want one from body.comment.text", ev)
	}
}

func TestDisabledAgentPassesThrough(t *testing.T) {
	install(t, testConfig())
	agent.Disable()
	rec := httptest.NewRecorder()
	sqreen.Middleware(http.HandlerFunc(sqlHandler)).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?id="+url.QueryEscape("1 OR 1=1"), nil))
	if rec.Code != http.StatusOK || rec.Header().Get("X-Content-Type-Options") != "" {
		t.Errorf("disabled agent: status %d, headers %v; want the app's response untouched", rec.Code, rec.Header())
	}
}

// Middleware twice (or Middleware inside an instrumented server) protects
// once: one security context, one event, one block page.
func TestNestedMiddlewareProtectsOnce(t *testing.T) {
	a := install(t, testConfig())
	var outer, inner *sqreen.Request
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner = sqreen.FromContext(r.Context())
		sqlHandler(w, r)
	}))
	h2 := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		outer = sqreen.FromContext(r.Context())
		h.ServeHTTP(w, r)
	}))
	rec := httptest.NewRecorder()
	h2.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?id="+url.QueryEscape("1 OR 1=1"), nil))
	if rec.Code != http.StatusForbidden || strings.Count(rec.Body.String(), "<h1>Request blocked") != 1 {
		t.Errorf("status %d body %q, want one block page", rec.Code, rec.Body.String())
	}
	if outer == nil || inner == nil || outer.Blocked() == nil || inner.Blocked() == nil {
		t.Fatal("the two layers do not share one blocked security context")
	}
	n := 0
	for _, e := range a.DrainEvents(0) {
		if e.RuleID == "rasp-sqli" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d rasp-sqli events, want 1", n)
	}
}

// The request hook point in monitor mode: the scanner is reported, the
// handler runs.
func TestEntryRulesInMonitorMode(t *testing.T) {
	cfg := testConfig()
	cfg.Monitor = true
	a := install(t, cfg)
	ran := false
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ran = true }))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("User-Agent", "sqlmap/1.7.2#stable (https://sqlmap.org)")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	ev := a.DrainEvents(0)
	if !ran || rec.Code != http.StatusOK || len(ev) != 1 || ev[0].RuleID != "scanner-user-agent" || ev[0].Action != "monitor" {
		t.Errorf("handler ran %v, status %d, events %+v; want the handler's 200 and one monitor event", ran, rec.Code, ev)
	}
}

// TestStopKeepsProtection checks what Stop promises besides the last
// heartbeat (which heartbeat's TestStopFlushesAndLogsOut covers): after
// Stop, and after a second Stop, requests are still checked and blocked.
func TestStopKeepsProtection(t *testing.T) {
	install(t, testConfig())
	sqreen.Stop()
	sqreen.Stop()
	h := sqreen.Middleware(http.HandlerFunc(sqlHandler))
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/?id=7", nil)
	r.Header.Set("User-Agent", "sqlmap/1.7.2#stable (https://sqlmap.org)")
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("scanner after Stop: status %d, want 403", rec.Code)
	}
	agent.Install(nil)
	sqreen.Stop() // no agent installed: nothing to stop, no agent started
	if agent.Installed() != nil {
		t.Error("Stop installed an agent")
	}
}
