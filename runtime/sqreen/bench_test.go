package sqreen_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

// A plain GET through Middleware with the default rules, no attack.
func BenchmarkMiddlewarePlainGET(b *testing.B) {
	install(b, agent.Defaults())
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	r := httptest.NewRequest(http.MethodGet, "/products?page=2&sort=price", nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
	r.Header.Set("Accept", "text/html")
	r.Header.Set("Cookie", "session=abc123; theme=dark")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}
