package sqreen_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

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

// Response rules see the status and headers before they are sent, and a
// blocking one replaces the response.
func TestResponseRules(t *testing.T) {
	a := install(t, testConfig())
	withRules(t, a, `rules:
  - id: no-stack-traces
    hook: response
    condition: response.status >= 500
    action: block
  - id: powered-by
    hook: response
    condition: '"x-powered-by" in response.headers'
    action: monitor
`)
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Powered-By", "go")
		if r.URL.Query().Get("fail") != "" {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, "panic: runtime error at main.go:42")
			return
		}
		io.WriteString(w, "fine")
	}))
	tests := []struct {
		target     string
		wantStatus int
		wantRules  []string
	}{
		{"/?fail=1", http.StatusForbidden, []string{"no-stack-traces", "powered-by"}},
		{"/", http.StatusOK, []string{"powered-by"}},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil))
		if rec.Code != tt.wantStatus || strings.Contains(rec.Body.String(), "panic") {
			t.Errorf("%s: status %d body %q, want %d without the handler's body", tt.target, rec.Code, rec.Body.String(), tt.wantStatus)
		}
		var got []string
		for _, e := range a.DrainEvents(0) {
			got = append(got, e.RuleID)
		}
		if strings.Join(got, ",") != strings.Join(tt.wantRules, ",") {
			t.Errorf("%s: events from %v, want %v", tt.target, got, tt.wantRules)
		}
	}
}
