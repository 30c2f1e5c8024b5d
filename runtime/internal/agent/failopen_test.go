package agent

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// A panic inside a check (here a nil Input, which the contract forbids) is
// recovered, counted, and the call goes on.
func TestCheckFailsOpen(t *testing.T) {
	a := New(Defaults())
	req, _, release := reqctx.New(httptest.NewRequest(http.MethodGet, "/?id=1", nil), nil, reqctx.Options{})
	defer release()
	if err := a.Check(rules.SQL, req, nil); err != nil {
		t.Fatalf("Check with a nil input = %v, want nil (fail open)", err)
	}
	if n := a.MetricsSnapshot(false).Counters[CounterPanics]; n != 1 {
		t.Errorf("panics counter = %d, want 1", n)
	}
}
