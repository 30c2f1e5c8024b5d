package webui

import (
	"net/url"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "/",
		"/events?ip=1":      "/events?ip=1",
		"//evil.example":    "/",
		"/\\evil.example":   "/",
		"https://evil.test": "/",
		"events":            "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPager(t *testing.T) {
	q := url.Values{"ip": {"1.2.3.4"}}
	tests := []struct {
		off, shown, total int
		prev, next        string
		from, to          int
	}{
		{0, 50, 120, "", "/events?ip=1.2.3.4&offset=50", 1, 50},
		{50, 50, 120, "/events?ip=1.2.3.4&offset=0", "/events?ip=1.2.3.4&offset=100", 51, 100},
		{100, 20, 120, "/events?ip=1.2.3.4&offset=50", "", 101, 120},
		{0, 0, 0, "", "", 0, 0},
	}
	for _, tt := range tests {
		p := newPager("/events", q, backend.Page{Offset: tt.off, Limit: 50}, tt.shown, tt.total)
		if p.Prev != tt.prev || p.Next != tt.next || p.From != tt.from || p.To != tt.to {
			t.Errorf("offset %d: %+v", tt.off, p)
		}
	}
	if p := pageOf(url.Values{"offset": {"-3"}}); p.Offset != 0 {
		t.Errorf("negative offset kept: %+v", p)
	}
	if p := pageOf(url.Values{"offset": {"x"}}); p.Offset != 0 {
		t.Errorf("bad offset kept: %+v", p)
	}
}

func TestStackedChart(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	buckets := []backend.Bucket{{Start: start, Blocked: 2, Monitored: 2}, {Start: start.Add(time.Hour)}, {Start: start.Add(2 * time.Hour), Blocked: 1}}
	c := newStackedChart(buckets, 3*time.Hour)
	if len(c.Bars) != 3 {
		t.Fatalf("%d bars", len(c.Bars))
	}
	full := float64(chartH - chartBottom - chartTop) // the tallest bar fills the plot
	if got := c.Bars[0].BlockedH + c.Bars[0].MonH; got != full {
		t.Errorf("tallest bar %v, want %v", got, full)
	}
	if c.Bars[1].BlockedH != 0 || c.Bars[1].MonH != 0 {
		t.Errorf("empty bucket drawn: %+v", c.Bars[1])
	}
	if c.Bars[2].BlockedH != full/4 || c.Bars[2].BlockedY != float64(c.Base)-full/4 {
		t.Errorf("bar 2: %+v", c.Bars[2])
	}
	if c.Bars[0].MonY+c.Bars[0].MonH != c.Bars[0].BlockedY {
		t.Error("monitored is not stacked on blocked")
	}
	for i := 1; i < len(c.Bars); i++ {
		if c.Bars[i].X <= c.Bars[i-1].X+c.Bars[i-1].W {
			t.Error("bars overlap")
		}
	}
	if empty := newStackedChart(nil, time.Hour); len(empty.Bars) != 0 {
		t.Error("bars without buckets")
	}
}

func TestSessionRoundTrip(t *testing.T) {
	s := signer{key: []byte("0123456789abcdef0123456789abcdef")}
	in := session{User: "alice", Role: backend.RoleAdmin, Expires: 42, Nonce: "n1"}
	v, err := s.encode("session", in)
	if err != nil {
		t.Fatal(err)
	}
	var out session
	if err := s.decode("session", v, &out); err != nil || out != in {
		t.Fatalf("decode = %+v, %v", out, err)
	}
	if err := s.decode("other-purpose", v, &out); err == nil {
		t.Error("a value signed for one purpose is valid for another")
	}
	if !checkCSRF("n1", csrfToken("n1")) || checkCSRF("n2", csrfToken("n1")) || checkCSRF("", csrfToken("")) {
		t.Error("csrf tokens not bound to their nonce")
	}
}

func FuzzSessionDecode(f *testing.F) {
	s := signer{key: []byte("0123456789abcdef0123456789abcdef")}
	good, _ := s.encode("session", session{User: "u", Role: "admin", Expires: 1, Nonce: "n"})
	for _, seed := range []string{good, "", ".", "a.b", "e30.", good + "x", "%%%.%%%"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		var out session
		if err := s.decode("session", v, &out); err == nil && v != good {
			// Only values carrying our MAC may decode; a fuzzer cannot forge one.
			back, _ := s.encode("session", out)
			if back != v {
				var again session
				if s.decode("session", back, &again) != nil || again != out {
					t.Errorf("decoded %q into %+v that does not round-trip", v, out)
				}
			}
		}
	})
}

func TestFmtDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0", 27 * time.Microsecond: "27µs", 1500 * time.Microsecond: "1.5ms", 20 * time.Second: "20s",
		5 * time.Minute: "5m", 90 * time.Second: "1m30s", time.Hour: "1h", 61 * time.Minute: "1h1m",
	} {
		if got := fmtDuration(d); got != want {
			t.Errorf("fmtDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
