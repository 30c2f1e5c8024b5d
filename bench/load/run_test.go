package load

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Query().Get("fail") != "" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		if r.Header.Get("X-Test") != "yes" {
			http.Error(w, "missing header", http.StatusBadRequest)
			return
		}
		w.Write([]byte(strings.Repeat("x", 10_000))) // chunked: more than the server's buffer
	}))
	defer srv.Close()

	var marks []bool
	res, err := Run(context.Background(), Config{URL: srv.URL + "/p?a=1", Conns: 3, Duration: 300 * time.Millisecond,
		Warmup: 50 * time.Millisecond, Header: map[string]string{"X-Test": "yes"},
		OnMeasure: func(start bool) { marks = append(marks, start) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || res.Errors != 0 || res.Non2xx != 0 {
		t.Fatalf("requests %d errors %d non2xx %d (%s)", res.Requests, res.Errors, res.Non2xx, res.FirstError)
	}
	if res.Latency.Count() != res.Requests || uint64(served.Load()) < res.Requests {
		t.Errorf("histogram %d, counted %d, served %d", res.Latency.Count(), res.Requests, served.Load())
	}
	if len(marks) != 2 || !marks[0] || marks[1] {
		t.Errorf("OnMeasure calls %v, want [true false]", marks)
	}
	if res.Elapsed < 300*time.Millisecond || res.Throughput() <= 0 {
		t.Errorf("elapsed %v throughput %v", res.Elapsed, res.Throughput())
	}

	res, err = Run(context.Background(), Config{URL: srv.URL + "/?fail=1", Conns: 1, Duration: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 0 || res.Non2xx == 0 || res.Latency.Count() != 0 {
		t.Errorf("failing target: requests %d non2xx %d", res.Requests, res.Non2xx)
	}
}

func TestRunDeadServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	res, err := Run(context.Background(), Config{URL: url, Conns: 2, Duration: 100 * time.Millisecond, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 0 || res.Errors == 0 || !strings.Contains(res.FirstError, "refused") {
		t.Errorf("dead server: requests %d errors %d first %q", res.Requests, res.Errors, res.FirstError)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr error
		wantMsg string
	}{
		{"public host", Config{URL: "http://example.com/"}, ErrNotLoopback, `"example.com"`},
		{"private address", Config{URL: "http://10.0.0.1:80/"}, ErrNotLoopback, `"10.0.0.1"`},
		{"https", Config{URL: "https://127.0.0.1/"}, ErrBadConfig, "want http://"},
		{"bad url", Config{URL: "http://[::1/"}, ErrBadConfig, "url:"},
		{"too many conns", Config{URL: "http://127.0.0.1/", Conns: 20_000}, ErrBadConfig, "conns 20000"},
		{"negative warmup", Config{URL: "http://127.0.0.1/", Warmup: -1}, ErrBadConfig, "warmup -1ns"},
		{"negative offset", Config{URL: "http://127.0.0.1/", Rate: 100, Offset: -1}, ErrBadConfig, "offset -1ns"},
		{"offset in the closed loop", Config{URL: "http://127.0.0.1/", Offset: time.Millisecond}, ErrBadConfig, "offset 1ms"},
		{"offset past an interval", Config{URL: "http://127.0.0.1/", Conns: 1, Rate: 100, Offset: 11 * time.Millisecond}, ErrBadConfig, "offset 11ms"},
		{"header injection", Config{URL: "http://127.0.0.1/", Header: map[string]string{"A": "b\r\nC: d"}}, ErrBadConfig, `header "A"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.cfg)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("err = %v, want %v containing %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

func TestConfigRequest(t *testing.T) {
	c := Config{URL: "http://localhost:8090/book?id=7", Header: map[string]string{"Cookie": "a=b"}}
	c = c.withDefaults()
	tg, err := c.validate()
	if err != nil {
		t.Fatal(err)
	}
	want := "GET /book?id=7 HTTP/1.1\r\nHost: localhost:8090\r\nUser-Agent: sqreen-bench-load/1\r\nAccept: text/html\r\nCookie: a=b\r\n\r\n"
	if string(tg.request) != want || tg.addr != "localhost:8090" {
		t.Errorf("request %q addr %q, want %q", tg.request, tg.addr, want)
	}
}

// TestRunOpenLoop checks the open loop's two promises with bounds that a
// slow machine cannot break: the rate caps how many requests are sent,
// and a request that stalls the connection makes every request due during
// the stall count its wait.
func TestRunOpenLoop(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served.Add(1) == 1 {
			time.Sleep(200 * time.Millisecond) // the first request stalls the only connection
		}
	}))
	defer srv.Close()

	res, err := Run(context.Background(), Config{URL: srv.URL + "/", Conns: 1, Rate: 100, Duration: 400 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// 100/s for 400 ms: 41 requests due at most (one more may be in flight).
	if n := served.Load(); n == 0 || n > 42 || res.Requests == 0 || res.Errors != 0 {
		t.Fatalf("served %d, counted %d, errors %d (%s); want 1 to 42 served", n, res.Requests, res.Errors, res.FirstError)
	}
	// The requests due in the stall's first 100 ms (at least 10 of at most
	// 41) waited at least 100 ms: the 80th percentile is one of them.
	if q := res.Latency.Quantile(0.8); q < 100*time.Millisecond {
		t.Errorf("p80 %v; want >= 100ms (requests due during the stall must count their wait)", q)
	}
	if res.Late == 0 {
		t.Error("Late = 0; the requests due during the stall were sent late")
	}

	if _, err := Run(context.Background(), Config{URL: srv.URL + "/", Rate: -1, Duration: time.Second}); !errors.Is(err, ErrBadConfig) {
		t.Errorf("negative rate: %v, want ErrBadConfig", err)
	}
}

// An offset delays the open loop's schedule: no request arrives before it.
func TestRunOffset(t *testing.T) {
	var first atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first.CompareAndSwap(0, time.Now().UnixNano())
	}))
	defer srv.Close()
	start := time.Now()
	const offset = 80 * time.Millisecond
	if _, err := Run(context.Background(), Config{URL: srv.URL + "/", Conns: 1, Rate: 10, Offset: offset, Duration: 150 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if f := first.Load(); f == 0 || time.Duration(f-start.UnixNano()) < offset {
		t.Errorf("first request %v after the start, want >= %v", time.Duration(f-start.UnixNano()), offset)
	}
}
