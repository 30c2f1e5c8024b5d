package hooks

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// serverEnter calls net/http's entry hook as the instrumented server does:
// with the server's cancel and r's context field (here a copy of it, set
// on the request it returns).
func serverEnter(w http.ResponseWriter, r *http.Request, cancel func()) (http.ResponseWriter, *http.Request, func(), bool) {
	field := r.Context()
	w2, end, blocked := httpEnterV3(w, r, cancel, &field)
	return w2, r.WithContext(field), end, blocked
}

// The net/http entry serves the server's request itself: its context is
// set through the field handed over, its body wrapped in place, and the
// context carries the request.
func TestServerEntryServesTheRequestInPlace(t *testing.T) {
	newTestAgent(t, false)
	r := httptest.NewRequest(http.MethodPost, "/comment", strings.NewReader("text=hello"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	body := r.Body
	field := r.Context()
	_, end, blocked := httpEnterV3(httptest.NewRecorder(), r, nil, &field)
	if blocked || end == nil {
		t.Fatalf("blocked at entry (%v) or no end function", blocked)
	}
	defer end()
	req := reqctx.FromContext(field)
	if req == nil {
		t.Fatal("the context set through the field carries no sqreen request")
	}
	if r.Body == body {
		t.Error("the request's body was not wrapped in place")
	}
	if got, err := io.ReadAll(r.Body); err != nil || string(got) != "text=hello" {
		t.Errorf("body read through the wrapper: %q, %v", got, err)
	}
	if reqctx.Current(field) != req {
		t.Error("the request is not current in its own context")
	}
}

// net/http's entry (httpEnterV3) hands over the server's cancel of the
// request's context: an attack blocked in the handler cancels the
// request's context with it, so the app's calls still running stop, and
// the request context is the server's own (no context of the agent's).
// HTTPEnter (sqreen.Middleware) has no such cancel and derives one whose
// cause is the block error.
func TestEntryCancelsBlockedRequest(t *testing.T) {
	newTestAgent(t, false)
	attack := "/search?id=" + url.QueryEscape("1 OR 1=1")
	for _, server := range []bool{true, false} {
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		calls := 0
		cancel := func() { calls++; stop() }
		r := httptest.NewRequest(http.MethodGet, attack, nil).WithContext(ctx)
		var r2 *http.Request
		var end func()
		var blocked bool
		if server {
			_, r2, end, blocked = serverEnter(httptest.NewRecorder(), r, cancel)
		} else {
			_, r2, end, blocked = HTTPEnter(httptest.NewRecorder(), r)
		}
		if blocked || end == nil {
			t.Fatalf("server=%v: blocked at entry (%v) or no end function", server, blocked)
		}
		rctx := r2.Context()
		if rctx.Err() != nil {
			t.Fatalf("server=%v: request context done before the block: %v", server, rctx.Err())
		}
		err := SQLDialect(rctx, "postgresql", "SELECT * FROM users WHERE id = "+r2.URL.Query().Get("id"))
		if !errors.Is(err, reqctx.ErrBlocked) {
			t.Fatalf("server=%v: SQL injection not blocked: %v", server, err)
		}
		if rctx.Err() == nil {
			t.Errorf("server=%v: the request context is not cancelled after the block", server)
		}
		if b := reqctx.FromContext(rctx).Blocked(); b == nil || !errors.Is(err, b) {
			t.Errorf("server=%v: Blocked() = %v, want the error the call got (%v)", server, b, err)
		}
		wantCalls, wantCause := 1, error(context.Canceled)
		if !server {
			wantCalls, wantCause = 0, err
		}
		if calls != wantCalls || context.Cause(rctx) != wantCause {
			t.Errorf("server=%v: server's cancel called %d times, cause %v; want %d, %v", server, calls, context.Cause(rctx), wantCalls, wantCause)
		}
		end()
		if reqctx.Current(rctx) != nil {
			t.Errorf("server=%v: the request is still current after end", server)
		}
	}
}
