package sqreen_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

// What a plain GET allocates through Middleware (BenchmarkMiddlewarePlainGET
// shows the bytes), pinned so that a change adding one per request is
// seen (it was 12 and 7 before the security headers' values, the client
// IP's text and the strings written moved out of the allocations). With no
// rules: the agent's per-request state, the request copy and context that
// r.WithContext and context.WithCancelCause need (3), and the end
// function. The default rules add what they see of the request: one
// view, which holds the list of its inputs too (the cookies are read from
// the Cookie header without a map; it was 9 with the list and the map
// allocated apart).
func TestMiddlewarePlainGETAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	empty, _ := rules.Compile(nil)
	for _, tt := range []struct {
		name string
		set  *rules.Set
		max  float64
	}{{"default-rules", nil, 6}, {"no-rules", empty, 5}} {
		t.Run(tt.name, func(t *testing.T) {
			a := install(t, agent.Defaults())
			if tt.set != nil {
				a.SetRules(tt.set, "empty")
			}
			h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "ok")
			}))
			r := httptest.NewRequest(http.MethodGet, "/products?page=2&sort=price", nil)
			r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
			r.Header.Set("Cookie", "session=abc123; theme=dark")
			w := &discardWriter{h: http.Header{}}
			n := testing.AllocsPerRun(100, func() {
				clear(w.h)
				h.ServeHTTP(w, r)
			})
			if n > tt.max {
				t.Errorf("%v allocations per request, want <= %v", n, tt.max)
			}
		})
	}
}
