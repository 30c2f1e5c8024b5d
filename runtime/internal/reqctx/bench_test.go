package reqctx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func BenchmarkClientIP(b *testing.B) {
	for _, bc := range []struct {
		name, remote, xff string
	}{
		{"direct", "203.0.113.7:5555", ""},
		{"behind-proxy", "10.0.0.2:80", "198.51.100.9, 10.0.0.5"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			trusted := NewProxies(netip.MustParsePrefix("10.0.0.0/8"))
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = bc.remote
			if bc.xff != "" {
				r.Header.Set("X-Forwarded-For", bc.xff)
			}
			b.ReportAllocs()
			for b.Loop() {
				if !ClientIP(r, trusted).IsValid() {
					b.Fatal("invalid")
				}
			}
		})
	}
}

// NewClient, what a request pays when its client is needed (Request.ClientIP):
// a client reached directly, the bench app's (a loopback peer, trusted by
// default, without forwarding headers), and a client behind a proxy.
func BenchmarkNewClient(b *testing.B) {
	for _, bc := range []struct {
		name, remote, xff string
	}{
		{"direct", "203.0.113.7:5555", ""},
		{"loopback", "127.0.0.1:40000", ""},
		{"behind-proxy", "127.0.0.1:40000", "198.51.100.9"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/book?id=7&ref=home", nil)
			r.RemoteAddr = bc.remote
			r.Header.Set("User-Agent", "sqreen-bench-load/1")
			r.Header.Set("Accept", "text/html")
			if bc.xff != "" {
				r.Header.Set("X-Forwarded-For", bc.xff)
			}
			trusted := LoopbackProxies()
			b.ReportAllocs()
			for b.Loop() {
				if !NewClient(r, trusted).IP.IsValid() {
					b.Fatal("invalid")
				}
			}
		})
	}
}

// Init and Release of a request as net/http serves it over HTTP/1: each
// request has its own cancellable context, derived from the connection's
// (the server's context.WithCancel, 2 allocations of its own, is in the
// loop). BenchmarkInit derives the request's context with
// context.WithCancelCause, as for a server that hands over no cancel
// (HTTP/2, sqreen.Middleware); BenchmarkInitWithCancel gets net/http's
// cancel (Options.Cancel), as the instrumented net/http entry does.
func BenchmarkInit(b *testing.B) { benchmarkInit(b, false) }

func BenchmarkInitWithCancel(b *testing.B) { benchmarkInit(b, true) }

func benchmarkInit(b *testing.B, withCancel bool) {
	conn, stopConn := context.WithCancel(context.Background())
	defer stopConn()
	r := httptest.NewRequest(http.MethodGet, "/book?id=7", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	trusted := LoopbackProxies()
	b.ReportAllocs()
	for b.Loop() {
		initServed(conn, r, Options{Trusted: &trusted}, withCancel)
	}
}

// doneSink keeps BenchmarkDone's channels.
var doneSink <-chan struct{}

// Done of a request's context, as a database driver asks it for every row
// it steps through (modernc.org/sqlite: twice per row), against Done of
// the server's own context, which the request's wraps.
func BenchmarkDone(b *testing.B) {
	server, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := httptest.NewRequestWithContext(server, http.MethodGet, "/book?id=7", nil)
	var field context.Context = server
	req := new(Request)
	req.Init(r, nil, Options{Cancel: cancel, Context: &field})
	for _, bc := range []struct {
		name string
		ctx  context.Context
	}{{"server", server}, {"request", field}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := bc.ctx
			b.ReportAllocs()
			for b.Loop() {
				doneSink = ctx.Done()
			}
			if doneSink != server.Done() {
				b.Fatal("not the server context's channel")
			}
		})
	}
}
