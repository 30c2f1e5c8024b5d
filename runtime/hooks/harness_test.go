package hooks

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rasp"
	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// testDetectors completes the engine's detectors with simple stand-ins
// for those it does not have yet (SSRF, template XSS); these tests are
// about the runtime acting on verdicts, not about detection quality.
func testDetectors() rules.Detectors {
	return rules.Detectors{
		PathTraversal: func(path, input string) (string, bool) {
			f, ok := rasp.DetectPath(path, input)
			return f.Reason, ok
		},
		SSRF: func(u, input string) (string, bool) {
			p, err := url.Parse(u)
			if err != nil || !strings.Contains(input, p.Hostname()) {
				return "", false
			}
			h := p.Hostname()
			return "internal host", h == "localhost" || strings.HasPrefix(h, "127.") || strings.HasPrefix(h, "169.254.")
		},
		TemplateXSS: func(html, input string) (string, bool) {
			return "script element", strings.Contains(input, "<script") && strings.Contains(html, input)
		},
	}
}

// newTestAgent returns an agent with the built-in rules (and stand-in
// detectors), installed as the process's agent until the test ends.
func newTestAgent(t testing.TB, monitor bool) *agent.Agent {
	t.Helper()
	cfg := agent.Defaults()
	cfg.Monitor = monitor
	cfg.Budget = 0 // unlimited: the tests are about verdicts
	a := agent.New(cfg)
	set, errs := rules.Compile(rules.Builtin(), rules.WithDetectors(testDetectors()))
	if len(errs) > 0 {
		t.Fatalf("compiling built-in rules: %v", errs)
	}
	a.SetRules(set, "test")
	old := agent.Install(a)
	t.Cleanup(func() { agent.Install(old) })
	return a
}

// inFlight starts a protected request for target (method GET unless body
// is set) and returns the request the handler would see, its security
// context, the recorder, and the end function.
func inFlight(t testing.TB, a *agent.Agent, target string) (*http.Request, *reqctx.Request, *httptest.ResponseRecorder, func()) {
	t.Helper()
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	_, r2, end, blocked := a.Enter(rec, r)
	if blocked {
		t.Fatalf("request %s blocked at entry", target)
	}
	if end == nil {
		t.Fatal("Enter returned no end function")
	}
	return r2, reqctx.FromContext(r2.Context()), rec, end
}
