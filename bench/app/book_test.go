package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// newBookHandler returns the app's handler on a fresh store, closed at
// the end of the test.
func newBookHandler(tb testing.TB) *bookHandler {
	tb.Helper()
	db, err := openStore(filepath.Join(tb.TempDir(), "books.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	page, err := newPage()
	if err != nil {
		tb.Fatal(err)
	}
	return &bookHandler{db: db, page: page}
}

func TestBookHandler(t *testing.T) {
	h := newBookHandler(t)
	tests := []struct {
		target   string
		status   int
		contains []string
	}{
		{"/book?id=7", http.StatusOK, []string{"<h1>Book number 7</h1>", "by Author 7", "20 reviews", "A story about &lt;7&gt; things &amp; their consequences.", `<a href="/book?id=57">`}},
		{"/book?id=7&ref=home", http.StatusOK, []string{`You came from <a href="/home">home</a>.`}},
		{"/book?id=7&ref=%3Cscript%3E", http.StatusOK, []string{"&lt;script&gt;"}},
		{"/book?id=501", http.StatusNotFound, nil},
		{"/book?id=0", http.StatusBadRequest, []string{"want ?id=N"}},
		{"/book?id=x", http.StatusBadRequest, nil},
		{"/book", http.StatusBadRequest, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", tt.target, nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body.String())
			}
			for _, c := range tt.contains {
				if !strings.Contains(rec.Body.String(), c) {
					t.Errorf("body lacks %q:\n%s", c, rec.Body.String())
				}
			}
		})
	}
}

func BenchmarkBookHandler(b *testing.B) {
	h := newBookHandler(b)
	req := httptest.NewRequest("GET", "/book?id=7&ref=home", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkServeBook serves the book page over a loopback connection
// through net/http's server, as the load generator does, one request at a
// time: built with sqreen-build (sqreen-build go test -bench ServeBook)
// it includes the request entry and the response writer, which
// BenchmarkBookHandler, calling the handler directly, does not.
func BenchmarkServeBook(b *testing.B) {
	mux := http.NewServeMux()
	mux.Handle("GET /book", newBookHandler(b))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := srv.Client()
	url := srv.URL + "/book?id=7&ref=home"
	buf := make([]byte, 16<<10)
	b.ReportAllocs()
	cpu0 := processCPU(b)
	for b.Loop() {
		resp, err := c.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := resp.Body.Read(buf); err != nil {
				break
			}
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	b.ReportMetric(float64(processCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// processCPU returns the user and system CPU time of the process so far,
// in nanoseconds.
func processCPU(b *testing.B) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
