package agent

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
	"unsafe"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/engine/stripe"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

func TestHistogramQuantiles(t *testing.T) {
	var h Histogram
	for range 98 {
		h.Record(3 * time.Microsecond)
	}
	h.Record(900 * time.Microsecond)
	h.Record(900 * time.Microsecond)
	c := h.snapshot(false)
	p50, p99 := quantile(c, 0.5), quantile(c, 0.99)
	if p50 < 3*time.Microsecond || p50 > 6*time.Microsecond {
		t.Errorf("p50 = %v, want within a factor 2 above 3µs", p50)
	}
	if p99 < 900*time.Microsecond || p99 > 1800*time.Microsecond {
		t.Errorf("p99 = %v, want within a factor 2 above 900µs", p99)
	}
	if quantile([histBuckets]uint64{}, 0.5) != 0 {
		t.Error("quantile of nothing is not 0")
	}
}

func TestMetricsSnapshotReset(t *testing.T) {
	m := newMetrics()
	m.add(CounterRequests, 3)
	m.add("no such counter", 1)
	m.hook("sql").Record(time.Microsecond)
	s := m.snapshot(true)
	if s.Counters[CounterRequests] != 3 || s.Hooks["sql"].Count != 1 {
		t.Errorf("snapshot = %+v", s)
	}
	if _, ok := s.Counters["no such counter"]; ok {
		t.Error("unknown counter created")
	}
	s = m.snapshot(false)
	if s.Counters[CounterRequests] != 0 || len(s.Hooks) != 0 {
		t.Errorf("after reset: %+v", s)
	}
}

func TestNotFoundByIP(t *testing.T) {
	tests := []struct {
		name     string
		ips      []string // one 404 each
		distinct int      // IPs beyond MaxNotFoundIPs
		want     map[string]uint64
		lost     uint64
	}{
		{"none", nil, 0, nil, 0},
		{"one ip twice", []string{"203.0.113.5", "203.0.113.5"}, 0, map[string]uint64{"203.0.113.5": 2}, 0},
		{"mapped v4 is v4", []string{"::ffff:203.0.113.5", "203.0.113.5"}, 0, map[string]uint64{"203.0.113.5": 2}, 0},
		{"unknown client not counted", []string{""}, 0, nil, 0},
		{"bounded", []string{"203.0.113.5"}, MaxNotFoundIPs + 3, map[string]uint64{"203.0.113.5": 1}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMetrics()
			for _, s := range tt.ips {
				var ip netip.Addr
				if s != "" {
					ip = netip.MustParseAddr(s)
				}
				m.addNotFound(ip)
			}
			for i := range tt.distinct {
				m.addNotFound(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}))
			}
			s := m.snapshot(true)
			if tt.distinct == 0 && len(s.NotFound) != len(tt.want) {
				t.Errorf("NotFound = %v, want %v", s.NotFound, tt.want)
			}
			if tt.distinct > 0 && len(s.NotFound) != MaxNotFoundIPs {
				t.Errorf("%d IPs counted, want the bound %d", len(s.NotFound), MaxNotFoundIPs)
			}
			for ip, n := range tt.want {
				if got := s.NotFound[netip.MustParseAddr(ip)]; got != n {
					t.Errorf("NotFound[%s] = %d, want %d", ip, got, n)
				}
			}
			if got := s.Counters[CounterNotFoundLost]; got != tt.lost {
				t.Errorf("lost = %d, want %d", got, tt.lost)
			}
			if s = m.snapshot(false); len(s.NotFound) != 0 {
				t.Errorf("after reset: %v", s.NotFound)
			}
		})
	}
}

// TestEnterCountsNotFound: the request entry counts 404 responses (not
// other statuses) for the client IP, and the heartbeat glue sends them.
func TestEnterCountsNotFound(t *testing.T) {
	a := New(Defaults())
	serve := func(status int, remote string) {
		r := httptest.NewRequest("GET", "/missing", nil)
		r.RemoteAddr = remote
		w, r2, end, blocked := a.Enter(httptest.NewRecorder(), r)
		if blocked {
			t.Fatal("benign request blocked")
		}
		w.WriteHeader(status)
		_ = r2
		end()
	}
	for range 3 {
		serve(http.StatusNotFound, "203.0.113.5:4000")
	}
	serve(http.StatusOK, "203.0.113.5:4000")
	serve(http.StatusForbidden, "198.51.100.1:4000")
	serve(http.StatusNotFound, "198.51.100.1:4000")
	m := platformLink{a}.Metrics()
	want := map[string]int64{"203.0.113.5": 3, "198.51.100.1": 1}
	if len(m.NotFoundByIp) != len(want) {
		t.Fatalf("not_found_by_ip = %v, want %v", m.NotFoundByIp, want)
	}
	for ip, n := range want {
		if m.NotFoundByIp[ip] != n {
			t.Errorf("not_found_by_ip[%s] = %d, want %d", ip, m.NotFoundByIp[ip], n)
		}
	}
	if m = (platformLink{a}).Metrics(); len(m.NotFoundByIp) != 0 {
		t.Errorf("next window still has %v", m.NotFoundByIp)
	}
}

// BenchmarkAddNotFound: the cost a 404 response adds at request end (an
// IP already counted in this period).
func BenchmarkAddNotFound(b *testing.B) {
	m := newMetrics()
	ip := netip.MustParseAddr("203.0.113.5")
	b.ReportAllocs()
	for b.Loop() {
		m.addNotFound(ip)
	}
}

// BenchmarkSummary: the scrubbed request summary built for each event.
func BenchmarkSummary(b *testing.B) {
	a := New(Defaults())
	r := httptest.NewRequest("GET", "/items?id=7&sort=name&api_key=k", nil)
	r.Header.Set("Accept", "text/html")
	r.Header.Set("Authorization", "Bearer abc")
	_, r2, end, _ := a.Enter(httptest.NewRecorder(), r)
	defer end()
	req := reqctx.FromContext(r2.Context())
	b.ReportAllocs()
	for b.Loop() {
		a.summary(req)
	}
}

// BenchmarkMetricsPerRequest: the metrics a request of bench/app pays:
// the request counter and four check timings (request rules, three SQL).
func BenchmarkMetricsPerRequest(b *testing.B) {
	m := newMetrics()
	b.ReportAllocs()
	for b.Loop() {
		m.hot.addRequest() // as Enter does
		m.hook(string(rules.RequestHook)).Record(3 * time.Microsecond)
		for range 3 {
			m.hook(string(rules.SQL)).Record(600 * time.Nanosecond)
		}
	}
}

// Every known hook point has its own fixed histogram, the one Snapshot
// reports under its name; others get one on first use.
func TestMetricsFixedHooks(t *testing.T) {
	m := newMetrics()
	seen := map[*Histogram]bool{}
	for _, p := range fixedHooks {
		h := m.hook(string(p))
		if h == nil || seen[h] || m.hooks[string(p)] != h {
			t.Fatalf("hook point %s: histogram %p shared or not the one reported", p, h)
		}
		seen[h] = true
	}
	other := m.hook("custom")
	if other == nil || seen[other] || m.hook("custom") != other {
		t.Fatal("an unknown hook point does not get a histogram of its own")
	}
	m.hot.addRequest()
	m.hot.addRequest()
	m.hot.addConstant()
	got := m.snapshot(true).Counters
	if got[CounterRequests] != 2 || got[CounterConstantSinks] != 1 {
		t.Fatalf("requests %d, constant sinks %d; want 2 and 1", got[CounterRequests], got[CounterConstantSinks])
	}
	if again := m.snapshot(false).Counters; again[CounterRequests] != 0 || again[CounterConstantSinks] != 0 {
		t.Fatalf("after a reset: requests %d, constant sinks %d; want 0", again[CounterRequests], again[CounterConstantSinks])
	}
}

// A check decided without a clock read counts as one zero-duration check
// of its own hook point: a sink's through decided, the request hook's
// through the hot stripes.
func TestMetricsDecided(t *testing.T) {
	m := newMetrics()
	m.hot.addRequestDecided()
	m.hot.addRequestDecided()
	m.decided(rules.SQL)
	got := m.snapshot(false).Hooks
	if n := got[string(rules.RequestHook)].Count; n != 2 {
		t.Errorf("request hook: %d checks, want 2", n)
	}
	if n := got[string(rules.SQL)].Count; n != 1 {
		t.Errorf("sql hook: %d checks, want 1", n)
	}
	if len(got) != 2 {
		t.Errorf("timings of %d hook points, want 2: %v", len(got), got)
	}
}

// A request's counters lie in one line of its stripe: hotCounts is a
// line, and the stripes of a Set of them are whole lines of a block its
// size class aligns.
func TestHotCountsShareALine(t *testing.T) {
	if n := unsafe.Sizeof(hotCounts{}); n != 64 {
		t.Errorf("hotCounts is %d bytes, want 64", n)
	}
	if n := unsafe.Sizeof(stripe.Set[hotCounts]{}); n != 1024 {
		t.Errorf("a Set of hotCounts is %d bytes, want 1024 (a size class of 64-byte-aligned blocks)", n)
	}
	if n := unsafe.Sizeof(metrics{}); n > 128 {
		t.Errorf("metrics is %d bytes, want <= 128", n)
	}
}
