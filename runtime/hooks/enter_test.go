package hooks

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// net/http's entry (httpEnterV2) hands over the server's cancel of the
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
			_, r2, end, blocked = httpEnterV2(httptest.NewRecorder(), r, cancel)
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
