package hooks

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// newTestAgent returns an agent with the built-in rules and an unlimited
// budget (these tests are about verdicts), installed as the process's agent until the test ends.
func newTestAgent(t testing.TB, monitor bool) *agent.Agent {
	t.Helper()
	cfg := agent.Defaults()
	cfg.Monitor = monitor
	cfg.Budget = 0
	a := agent.New(cfg)
	old := agent.Install(a)
	t.Cleanup(func() { agent.Install(old) })
	return a
}

// inFlight starts a protected request for target (method GET unless body
// is set) and returns the request the handler would see, its security
// context, the recorder, and the end function.
func inFlight(t testing.TB, a *agent.Agent, target string) (*http.Request, *reqctx.Request, *httptest.ResponseRecorder, func()) {
	t.Helper()
	return inFlightRequest(t, a, httptest.NewRequest(http.MethodGet, target, nil))
}

// inFlightRequest is inFlight for a request built by the caller.
func inFlightRequest(t testing.TB, a *agent.Agent, r *http.Request) (*http.Request, *reqctx.Request, *httptest.ResponseRecorder, func()) {
	t.Helper()
	rec := httptest.NewRecorder()
	target := r.URL.String()
	_, r2, end, blocked := a.Enter(rec, r)
	if blocked {
		t.Fatalf("request %s blocked at entry", target)
	}
	if end == nil {
		t.Fatal("Enter returned no end function")
	}
	return r2, reqctx.FromContext(r2.Context()), rec, end
}

// templateStart is templateSlow with the agent and the request given: a
// plain test binary has no goroutine-local request for templateSlow to
// find.
func templateStart(a *agent.Agent, req *reqctx.Request, w io.Writer, name string) (io.Writer, func(error) error) {
	if a == nil || req == nil || !a.CheckTemplate(req) {
		return w, nil
	}
	return templateBuffer(a, req, w, name)
}
