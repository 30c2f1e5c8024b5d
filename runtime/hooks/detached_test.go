package hooks

import (
	"errors"
	"net/url"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// A goroutine started by a handler keeps its request (instrumented builds
// copy it to child goroutines; here it holds the request's context). Once
// the handler has returned, the request is finished and no longer current:
// the goroutine's sink calls are not checked against it (it cannot be
// blocked in the name of a response already sent), whatever other requests
// are in flight; while the handler runs, they are checked.
func TestDetachedGoroutineOutlivesItsRequest(t *testing.T) {
	a := newTestAgent(t, false)
	payload := "x' OR 1=1--"
	query := "SELECT * FROM books WHERE title = '" + payload + "'"
	r, _, rec, end := inFlight(t, a, "/search?q="+url.QueryEscape(payload))
	_, _, _, endOther := inFlight(t, a, "/other") // keeps the agent busy
	defer endOther()

	done := make(chan error)
	go func() { done <- SQLDialect(r.Context(), "sqlite", query) }()
	if err := <-done; !errors.Is(err, reqctx.ErrBlocked) {
		t.Fatalf("child goroutine while the request runs: %v, want a block", err)
	}
	rec.Body.Reset()
	end() // the handler returned; the goroutine below goes on

	go func() { done <- SQLDialect(r.Context(), "sqlite", query) }()
	if err := <-done; err != nil {
		t.Fatalf("sql hook after the request ended: %v, want nil (finished requests are not checked)", err)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("the finished response was written again: %q", rec.Body.String())
	}
}
