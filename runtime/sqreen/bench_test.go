package sqreen_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

// A plain GET through Middleware, no attack: with the default rules, and
// with no rules at all (the agent's own cost: request context, lists,
// headers, writer).
func BenchmarkMiddlewarePlainGET(b *testing.B) {
	for _, bc := range plainGETCases() {
		b.Run(bc.name, func(b *testing.B) {
			h := okMiddleware(b, bc.set)
			serveLoop(b, h, plainGETRequest())
		})
	}
}

// The bench app's request (bench/app, as bench/load sends it: GET
// /book?id=7&ref=home with a User-Agent and an Accept header, from a
// loopback peer, which the default trusted proxies cover) through
// Middleware with the default rules: the request entry that
// docs/PERFORMANCE.md profiles in the app, without the app.
func BenchmarkMiddlewareBenchAppGET(b *testing.B) {
	h := okMiddleware(b, nil)
	r := httptest.NewRequest(http.MethodGet, "/book?id=7&ref=home", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	r.Header.Set("User-Agent", "sqreen-bench-load/1")
	r.Header.Set("Accept", "text/html")
	serveLoop(b, h, r)
}

// plainGETCase is a rule set of the plain GET's benchmark and allocation
// test, with the allocations per request TestMiddlewarePlainGETAllocs
// allows.
type plainGETCase struct {
	name      string
	set       *rules.Set // nil: the default rules
	maxAllocs float64
}

func plainGETCases() []plainGETCase {
	empty, _ := rules.Compile(nil)
	return []plainGETCase{{"default-rules", nil, 7}, {"no-rules", empty, 5}}
}

// okMiddleware installs an agent on the default configuration with set
// as its rules (nil: the default rules) and returns Middleware around a
// handler that writes "ok".
func okMiddleware(tb testing.TB, set *rules.Set) http.Handler {
	a := install(tb, agent.Defaults())
	if set != nil {
		a.SetRules(set, "empty")
	}
	return sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
}

// plainGETRequest is an ordinary browser GET with two parameters and a
// cookie.
func plainGETRequest() *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/products?page=2&sort=price", nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
	r.Header.Set("Accept", "text/html")
	r.Header.Set("Cookie", "session=abc123; theme=dark")
	return r
}

// serveLoop serves r through h once per benchmark iteration, to a writer
// that discards.
func serveLoop(b *testing.B, h http.Handler, r *http.Request) {
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// discardWriter has WriteString, as net/http's writer does.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

func (d *discardWriter) WriteString(s string) (int, error) { return len(s), nil }

// The live heap one agent keeps from its creation (package initialization
// and the engine's cached built-in rules aside, which the first call
// pays): reported as live-B, read after a GC. In a small app every
// permanent byte lowers the room between GC cycles, so this is a cost paid
// on every request.
func BenchmarkAgentLiveHeap(b *testing.B) {
	runtime.KeepAlive(agent.New(agent.Defaults())) // the engine's caches
	var before, after runtime.MemStats
	var live int64
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		a := agent.New(agent.Defaults())
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(a)
		live += int64(after.HeapAlloc) - int64(before.HeapAlloc)
	}
	b.ReportMetric(float64(live)/float64(b.N), "live-B")
}
