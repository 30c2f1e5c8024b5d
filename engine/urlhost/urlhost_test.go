package urlhost

import (
	"errors"
	"net/netip"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		raw                string
		scheme             string
		whatwg, rfc, naive string // hosts
		port               string // WHATWG port
		noAuthority        bool
	}{
		{raw: "http://example.com/x", scheme: "http", whatwg: "example.com", rfc: "example.com", naive: "example.com"},
		{raw: "https://u:p@127.0.0.1:8443/x?y#z", scheme: "https", whatwg: "127.0.0.1", rfc: "127.0.0.1", naive: "127.0.0.1", port: "8443"},
		{raw: `http://evil.com\@127.0.0.1/`, scheme: "http", whatwg: "evil.com", rfc: "127.0.0.1", naive: "127.0.0.1"},
		{raw: "http://127.0.0.1#@evil.com/", scheme: "http", whatwg: "127.0.0.1", rfc: "127.0.0.1", naive: "evil.com"},
		{raw: `http:\\127.0.0.1\x`, scheme: "http", whatwg: "127.0.0.1", rfc: `127.0.0.1\x`, naive: `127.0.0.1\x`},
		{raw: "http:127.0.0.1/x", scheme: "http", whatwg: "127.0.0.1", rfc: "127.0.0.1", naive: "127.0.0.1"},
		{raw: "http://[::1]:80/", scheme: "http", whatwg: "[::1]", rfc: "[::1]", naive: "[::1]", port: "80"},
		{raw: "http://[fe80::1%25eth0]/", scheme: "http", whatwg: "[fe80::1%25eth0]", rfc: "[fe80::1%25eth0]", naive: "[fe80::1%25eth0]"},
		{raw: "  //127.0.0.1/x", whatwg: "127.0.0.1", rfc: "127.0.0.1", naive: "127.0.0.1"},
		{raw: "gopher://127.0.0.1:6379/_x", scheme: "gopher", whatwg: "127.0.0.1", rfc: "127.0.0.1", naive: "127.0.0.1", port: "6379"},
		{raw: "file:///etc/passwd", scheme: "file", whatwg: "etc", rfc: "etc", naive: "etc"},
		{raw: "mailto:a@b.c", scheme: "mailto", noAuthority: true},
		{raw: "/relative/path", noAuthority: true},
		{raw: "", noAuthority: true},
	}
	for _, tt := range tests {
		u := Split(tt.raw)
		text := func(s Span) string { return tt.raw[s.Start:s.End] }
		if got := text(u.Scheme); got != tt.scheme {
			t.Errorf("%q: scheme %q, want %q", tt.raw, got, tt.scheme)
		}
		if u.HasAuthority == tt.noAuthority {
			t.Errorf("%q: HasAuthority = %v", tt.raw, u.HasAuthority)
			continue
		}
		if tt.noAuthority {
			continue
		}
		for r, want := range map[Reading]string{WHATWG: tt.whatwg, RFC3986: tt.rfc, Naive: tt.naive} {
			if got := text(u.Authorities[r].Host); got != want {
				t.Errorf("%q: reading %d host %q, want %q", tt.raw, r, got, want)
			}
		}
		if got := text(u.Authorities[WHATWG].Port); got != tt.port {
			t.Errorf("%q: port %q, want %q", tt.raw, got, tt.port)
		}
	}
}

func TestParseHost(t *testing.T) {
	tests := []struct {
		text      string
		name      string
		addr      string
		malformed bool
	}{
		{text: "Example.COM.", name: "example.com"},
		{text: "127.0.0.1", addr: "127.0.0.1"},
		{text: "127.1", addr: "127.0.0.1"},
		{text: "127.0.1", addr: "127.0.0.1"},
		{text: "2130706433", addr: "127.0.0.1"},
		{text: "0177.0.0.1", addr: "127.0.0.1"},
		{text: "0x7f.1", addr: "127.0.0.1"},
		{text: "0x7f000001", addr: "127.0.0.1"},
		{text: "0xA9.0xFE.0xA9.0xFE", addr: "169.254.169.254"},
		{text: "0251.00376.000251.0000376", addr: "169.254.169.254"},
		{text: "0", addr: "0.0.0.0"},
		{text: "127.0.0.1.", addr: "127.0.0.1"},
		{text: "%31%32%37.0.0.1", addr: "127.0.0.1"},
		{text: "１２７．０．０．１", addr: "127.0.0.1"},
		{text: "ⓔⓧⓐⓜⓟⓛⓔ.ⓒⓞⓜ", name: "example.com"},
		{text: "[::1]", addr: "::1"},
		{text: "[::ffff:127.0.0.1]", addr: "::ffff:127.0.0.1"},
		{text: "[fe80::1%25eth0]", addr: "fe80::1"},
		{text: "425.510.425.510", name: "425.510.425.510", malformed: true},
		{text: "7147006462", name: "7147006462", malformed: true},
		{text: "0x41414141A9FEA9FE", name: "0x41414141a9fea9fe", malformed: true},
		{text: "1.2.3.4.5", name: "1.2.3.4.5", malformed: true},
		{text: "o177.0.0.1", name: "o177.0.0.1", malformed: true},
		{text: "1.2.3.example", name: "1.2.3.example"},
	}
	for _, tt := range tests {
		h, err := ParseHost(tt.text)
		if err != nil {
			t.Errorf("ParseHost(%q): %v", tt.text, err)
			continue
		}
		var want netip.Addr
		if tt.addr != "" {
			want = netip.MustParseAddr(tt.addr)
		}
		if h.Name != tt.name || h.Addr != want || h.Malformed != tt.malformed {
			t.Errorf("ParseHost(%q) = %+v, want name %q addr %v malformed %v", tt.text, h, tt.name, want, tt.malformed)
		}
	}
}

func TestParseHostErrors(t *testing.T) {
	for _, text := range []string{"", "[::1", "[zz::1]"} {
		if _, err := ParseHost(text); !errors.Is(err, ErrInvalidHost) {
			t.Errorf("ParseHost(%q) error = %v, want ErrInvalidHost", text, err)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"http://u@h:1/p", `http:\\a\@b#@c`, "//[::1%25x]:9", "x:", "gopher://a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u := Split(raw)
		check := func(s Span) {
			if s.Start < 0 || s.End > len(raw) || s.Start > s.End {
				t.Fatalf("%q: bad span %+v", raw, s)
			}
		}
		check(u.Scheme)
		for _, a := range u.Authorities {
			check(a.Host)
			check(a.Port)
			if !a.Port.Empty() && a.Port.Start != a.Host.End+1 {
				t.Fatalf("%q: port %+v does not follow host %+v", raw, a.Port, a.Host)
			}
			if u.HasAuthority {
				_, _ = ParseHost(raw[a.Host.Start:a.Host.End])
			}
		}
	})
}

func FuzzParseIPv4(f *testing.F) {
	for _, s := range []string{"127.1", "0x7f.0.0.1", "4294967295", "4294967296", "1.2.3.4."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := ParseIPv4(s)
		if ok && !a.Is4() {
			t.Fatalf("ParseIPv4(%q) = %v, not IPv4", s, a)
		}
		if b, err := netip.ParseAddr(s); err == nil && b.Is4() && ok && a != b {
			t.Fatalf("ParseIPv4(%q) = %v, netip says %v", s, a, b)
		}
	})
}
