package sqreen_test

import (
	"net/http"
	"testing"
)

// What a plain GET allocates through Middleware (BenchmarkMiddlewarePlainGET
// shows the bytes), pinned so that a change adding one per request is
// seen (it was 12 and 7 before the security headers' values, the client
// IP's text and the strings written moved out of the allocations). With no
// rules: the agent's per-request state, the request copy and context that
// r.WithContext and context.WithCancelCause need (3), and the end
// function. The default rules, which this request's parameters take to
// their run, add what they see of the request: one view, which holds the
// list of its inputs too (the cookies are read from the Cookie header
// without a map; it was 9 with the list and the map allocated apart), and
// the rules' Input (in the agent's per-request state until it moved out,
// so that the requests whose rules the pre-check decides, most of them,
// allocate 480 bytes for that state, not 512).
func TestMiddlewarePlainGETAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	for _, tc := range plainGETCases() {
		t.Run(tc.name, func(t *testing.T) {
			h := okMiddleware(t, tc.set)
			r := plainGETRequest()
			w := &discardWriter{h: http.Header{}}
			n := testing.AllocsPerRun(100, func() {
				clear(w.h)
				h.ServeHTTP(w, r)
			})
			if n > tc.maxAllocs {
				t.Errorf("%v allocations per request, want <= %v", n, tc.maxAllocs)
			}
		})
	}
}
