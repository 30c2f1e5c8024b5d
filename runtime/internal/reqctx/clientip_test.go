package reqctx

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/textproto"
	"sync"
	"testing"
)

func TestClientIP(t *testing.T) {
	lb := NewProxies(netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32"))
	tests := []struct {
		name    string
		remote  string
		headers map[string][]string
		trusted Proxies
		want    string
	}{
		{"peer only", "203.0.113.7:1234", nil, lb, "203.0.113.7"},
		{"untrusted peer ignores XFF", "203.0.113.7:1234", map[string][]string{"X-Forwarded-For": {"1.2.3.4"}}, lb, "203.0.113.7"},
		{"no trusted proxies ignores XFF", "127.0.0.1:1", map[string][]string{"X-Forwarded-For": {"1.2.3.4"}}, Proxies{}, "127.0.0.1"},
		{"trusted peer, XFF one hop", "10.0.0.2:80", map[string][]string{"X-Forwarded-For": {"198.51.100.9"}}, lb, "198.51.100.9"},
		{"right-most untrusted wins over spoofed left", "10.0.0.2:80", map[string][]string{"X-Forwarded-For": {"6.6.6.6, 198.51.100.9, 10.0.0.5"}}, lb, "198.51.100.9"},
		{"several XFF lines joined", "10.0.0.2:80", map[string][]string{"X-Forwarded-For": {"6.6.6.6", "198.51.100.9"}}, lb, "198.51.100.9"},
		{"all trusted gives left-most", "10.0.0.2:80", map[string][]string{"X-Forwarded-For": {"10.1.1.1, 10.0.0.5"}}, lb, "10.1.1.1"},
		{"malformed hop stops at the proxy that reported it", "10.0.0.2:80", map[string][]string{"X-Forwarded-For": {"198.51.100.9, garbage, 10.0.0.5"}}, lb, "10.0.0.5"},
		{"XFF with port and IPv6", "10.0.0.2:80", map[string][]string{"X-Forwarded-For": {"[2001:db8::1]:443"}}, lb, "2001:db8::1"},
		{"Forwarded wins over XFF", "10.0.0.2:80", map[string][]string{"Forwarded": {`for=198.51.100.1;proto=https, for="[2001:db8::2]:99"`}, "X-Forwarded-For": {"6.6.6.6"}}, lb, "2001:db8::2"},
		{"Forwarded obfuscated node stops", "10.0.0.2:80", map[string][]string{"Forwarded": {"for=_hidden"}}, lb, "10.0.0.2"},
		{"X-Real-IP", "127.0.0.1:5", map[string][]string{"X-Real-Ip": {"198.51.100.3"}}, lb, "198.51.100.3"},
		{"True-Client-IP", "127.0.0.1:5", map[string][]string{"True-Client-Ip": {"198.51.100.4"}}, lb, "198.51.100.4"},
		{"CF-Connecting-IP", "127.0.0.1:5", map[string][]string{"Cf-Connecting-Ip": {"198.51.100.5"}}, lb, "198.51.100.5"},
		{"bad X-Real-IP falls back to peer", "127.0.0.1:5", map[string][]string{"X-Real-Ip": {"nope"}}, lb, "127.0.0.1"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:80", map[string][]string{"X-Forwarded-For": {"198.51.100.9"}}, lb, "198.51.100.9"},
		{"bad peer", "pipe", nil, lb, "invalid IP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tt.remote
			for k, vs := range tt.headers {
				for _, v := range vs {
					r.Header.Add(k, v)
				}
			}
			if got := ClientIP(r, tt.trusted).String(); got != tt.want {
				t.Errorf("ClientIP = %s, want %s", got, tt.want)
			}
			if got := NewClient(r, tt.trusted).IP.String(); got != tt.want {
				t.Errorf("NewClient().IP = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseProxies(t *testing.T) {
	tests := []struct {
		in      string
		trusts  string
		want    bool
		wantErr string
	}{
		{"", "127.0.0.1", false, ""},
		{"none", "127.0.0.1", false, ""},
		{"10.0.0.0/8, 192.0.2.1", "10.9.9.9", true, ""},
		{"10.0.0.0/8, 192.0.2.1", "192.0.2.1", true, ""},
		{"10.0.0.0/8, 192.0.2.1", "192.0.2.2", false, ""},
		{"10.0.0.0/8, bogus", "", false, `element 2 "bogus": not an IP address or CIDR`},
		{"10.0.0.0/99", "", false, `element 1 "10.0.0.0/99": not a CIDR`},
	}
	for _, tt := range tests {
		p, err := ParseProxies(tt.in)
		if tt.wantErr != "" {
			if err == nil || len(err.Error()) < len(tt.wantErr) || err.Error()[:len(tt.wantErr)] != tt.wantErr {
				t.Errorf("ParseProxies(%q) error = %v, want prefix %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ParseProxies(%q): %v", tt.in, err)
		}
		if got := p.Trusts(netip.MustParseAddr(tt.trusts)); got != tt.want {
			t.Errorf("ParseProxies(%q).Trusts(%s) = %v, want %v", tt.in, tt.trusts, got, tt.want)
		}
	}
}

func FuzzClientIP(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "1.2.3.4, 10.0.0.1", `for="[::1]:80";by=x`, "", ",,,", "[::1", "for=", "unknown"} {
		f.Add(s, s)
	}
	trusted := NewProxies(netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))
	f.Fuzz(func(t *testing.T, fwd, xff string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "127.0.0.1:1"
		r.Header.Set("Forwarded", fwd)
		r.Header.Set("X-Forwarded-For", xff)
		if a := ClientIP(r, trusted); !a.IsValid() {
			t.Fatalf("ClientIP returned an invalid address for a valid peer (Forwarded %q, XFF %q)", fwd, xff)
		}
	})
}

func TestParseHost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.1", "192.0.2.1"},
		{"192.0.2.1:80", "192.0.2.1"},
		{"192.0.2.1:", "invalid IP"},
		{"192.0.2.1:http", "invalid IP"},
		{"2001:db8::1", "2001:db8::1"},
		{"[2001:db8::1]", "2001:db8::1"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"[2001:db8::1]x", "invalid IP"},
		{"[fe80::1%eth0]:80", "fe80::1"},
		{"[::ffff:192.0.2.1]:1", "192.0.2.1"},
		{"[2001:db8::1", "invalid IP"},
		{"example.com:80", "invalid IP"},
		{"", "invalid IP"},
	}
	for _, tt := range tests {
		if got := parseHost(tt.in).String(); got != tt.want {
			t.Errorf("parseHost(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzParseHost(f *testing.F) {
	for _, s := range []string{"1.2.3.4:5", "[::1]:80", "::1", "[", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := parseHost(s)
		if a.IsValid() && a.Zone() != "" {
			t.Fatalf("parseHost(%q) kept zone %q", s, a.Zone())
		}
	})
}

func TestIsHTTPS(t *testing.T) {
	trusted := NewProxies(netip.MustParsePrefix("10.0.0.0/8"))
	tests := []struct {
		name, remote string
		headers      map[string]string
		want         bool
	}{
		{"plain", "203.0.113.1:1", nil, false},
		{"trusted proxy says https", "10.0.0.2:1", map[string]string{"X-Forwarded-Proto": "https"}, true},
		{"trusted proxy says http", "10.0.0.2:1", map[string]string{"X-Forwarded-Proto": "http"}, false},
		{"untrusted peer says https", "203.0.113.1:1", map[string]string{"X-Forwarded-Proto": "https"}, false},
		{"Forwarded proto", "10.0.0.2:1", map[string]string{"Forwarded": `for=1.2.3.4;proto="https"`}, true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.remote
		for k, v := range tt.headers {
			r.Header.Set(k, v)
		}
		if got := IsHTTPS(r, trusted); got != tt.want {
			t.Errorf("%s: IsHTTPS = %v, want %v", tt.name, got, tt.want)
		}
		if got := NewClient(r, trusted).HTTPS; got != tt.want {
			t.Errorf("%s: NewClient().HTTPS = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// ClientIPText is ClientIP.String() in every case; it costs nothing when
// the peer is the client and wrote its address the canonical way.
func TestClientIPText(t *testing.T) {
	trusted := NewProxies(netip.MustParsePrefix("10.0.0.0/8"))
	tests := []struct {
		remote, xff string
		free        bool // the text is RemoteAddr's own
	}{
		{"192.0.2.1:1234", "", true},
		{"[2001:db8::1]:443", "", true},
		{"[2001:DB8::1]:443", "", false},     // not canonical
		{"[2001:db8:0::1]:443", "", false},   // not canonical
		{"[::ffff:192.0.2.1]:1", "", false},  // unmapped
		{"::ffff:192.0.2.1", "", false},      // unmapped, no port
		{"[fe80::1%eth0]:80", "", false},     // zone dropped
		{"192.0.2.1", "", true},              // no port
		{"10.0.0.2:1", "203.0.113.9", false}, // from the header
		{"10.0.0.2:1", "", true},             // trusted, no header
		{"not an address", "", false},        // invalid
		{"", "", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		req, _, release := New(r, nil, Options{Trusted: &trusted})
		if got, want := req.ClientIP(), ClientIP(r, trusted); got != want {
			t.Errorf("%q: ClientIP = %v, want %v", tt.remote, got, want)
		}
		want := ""
		if req.ClientIP().IsValid() {
			want = req.ClientIP().String()
		}
		if got := req.ClientIPText(); got != want {
			t.Errorf("%q: ClientIPText = %q, want %q", tt.remote, got, want)
		}
		allocs := testing.AllocsPerRun(10, func() { _ = req.ClientIPText() })
		if free := allocs == 0; free != tt.free && req.ClientIP().IsValid() {
			t.Errorf("%q: ClientIPText allocates %v times, want free=%v", tt.remote, allocs, tt.free)
		}
		release()
	}
}

// Behind a proxy the chain is walked in place: no allocation per request.
func TestClientIPBehindProxyAllocs(t *testing.T) {
	trusted := NewProxies(netip.MustParsePrefix("10.0.0.0/8"))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.0.0.2:4000"
	r.Header.Add("X-Forwarded-For", "198.51.100.1, 203.0.113.9")
	r.Header.Add("X-Forwarded-For", "10.0.0.7")
	r.Header.Set("Forwarded", `for=198.51.100.2, for="10.0.0.8";proto=https`)
	if got := NewClient(r, trusted); got.IP != netip.MustParseAddr("198.51.100.2") || !got.HTTPS {
		t.Fatalf("NewClient = %+v", got)
	}
	if n := testing.AllocsPerRun(100, func() { NewClient(r, trusted) }); n != 0 {
		t.Errorf("NewClient behind a proxy: %v allocations, want 0", n)
	}
}

// The forwarding headers are read from the map by name, without
// canonicalizing: the names must be canonical already.
func TestForwardingHeadersCanonical(t *testing.T) {
	for _, h := range forwardingHeaders {
		if c := textproto.CanonicalMIMEHeaderKey(h.name); c != h.name {
			t.Errorf("forwarding header %q is not canonical (%q)", h.name, c)
		}
	}
}

// A Request finds its client on first need, once, from any goroutine,
// from the peer the request came from; whether the client used TLS is
// known at Init, from a trusted proxy's headers too.
func TestRequestClientIsLazy(t *testing.T) {
	trusted := LoopbackProxies()
	for _, tt := range []struct {
		name, remote, xff, proto string
		wantIP                   string
		wantTLS                  bool
	}{
		{"direct", "192.0.2.1:1234", "", "", "192.0.2.1", false},
		{"proxy", "127.0.0.1:1", "203.0.113.9", "", "203.0.113.9", false},
		{"proxy says https", "127.0.0.1:1", "203.0.113.9", "https", "203.0.113.9", true},
		{"untrusted peer says https", "192.0.2.1:1", "203.0.113.9", "https", "192.0.2.1", false},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if tt.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tt.proto)
		}
		req, r2, release := New(r, nil, Options{Trusted: &trusted})
		// Middleware that rewrites RemoteAddr from a header (as chi's
		// RealIP does) must not change who the client is.
		r2.RemoteAddr = "198.51.100.66:1"
		if req.TLS != tt.wantTLS {
			t.Errorf("%s: TLS = %v, want %v", tt.name, req.TLS, tt.wantTLS)
		}
		var wg sync.WaitGroup
		got := make([]netip.Addr, 4)
		for i := range got {
			wg.Go(func() { got[i] = req.ClientIP() })
		}
		wg.Wait()
		for _, ip := range got {
			if ip.String() != tt.wantIP {
				t.Errorf("%s: ClientIP = %v, want %s", tt.name, ip, tt.wantIP)
			}
		}
		release()
	}
}
