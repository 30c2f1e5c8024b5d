package reqctx

import (
	"net/http"
	"net/netip"
	"strings"
)

// Proxies is the set of reverse proxies whose forwarding headers are
// believed. The zero value trusts no one: the client IP is then always the
// TCP peer.
type Proxies struct {
	prefixes []netip.Prefix
}

// NewProxies returns the set of the given prefixes (single addresses are
// /32 or /128 prefixes).
func NewProxies(prefixes ...netip.Prefix) Proxies {
	ps := make([]netip.Prefix, 0, len(prefixes))
	for _, p := range prefixes {
		ps = append(ps, p.Masked())
	}
	return Proxies{prefixes: ps}
}

// LoopbackProxies trusts 127.0.0.0/8 and ::1 only: the default, for an app
// behind a reverse proxy on the same host. An app reached directly from the
// network never has a loopback peer, so its forwarding headers are ignored.
func LoopbackProxies() Proxies {
	return NewProxies(netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128"))
}

// ParseProxies parses a comma-separated list of IPs and CIDRs. "none" (or
// an empty string) trusts no one.
func ParseProxies(s string) (Proxies, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return Proxies{}, nil
	}
	var ps []netip.Prefix
	for i, f := range strings.Split(s, ",") {
		p, err := ParsePrefix(strings.TrimSpace(f))
		if err != nil {
			return Proxies{}, &ListError{Index: i, Value: f, Err: err}
		}
		ps = append(ps, p)
	}
	return NewProxies(ps...), nil
}

// Trusts reports whether addr belongs to a trusted proxy.
func (p Proxies) Trusts(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, pr := range p.prefixes {
		if pr.Contains(addr) {
			return true
		}
	}
	return false
}

// Prefixes returns a copy of the trusted prefixes.
func (p Proxies) Prefixes() []netip.Prefix {
	return append([]netip.Prefix(nil), p.prefixes...)
}

// forwardingHeaders are read in this order; the first present one wins.
// Forwarded and X-Forwarded-For carry a chain; the others a single address.
var forwardingHeaders = [...]struct {
	name  string
	chain bool
}{
	{"Forwarded", true},
	{"X-Forwarded-For", true},
	{"X-Real-Ip", false},
	{"True-Client-Ip", false},
	{"Cf-Connecting-Ip", false},
}

// ClientIP returns the address of the client that sent r.
//
// The TCP peer is the answer unless it is a trusted proxy. Then the first
// forwarding header present (Forwarded, X-Forwarded-For, X-Real-IP,
// True-Client-IP, CF-Connecting-IP) is read: a chain is walked from the
// right, skipping trusted proxies, and the right-most untrusted address is
// the client (a client can prepend anything to the chain, but not forge
// what the proxies appended). A malformed hop stops the walk: the last
// trusted hop that reported it is the answer. The invalid address is
// returned only when even the peer cannot be parsed.
func ClientIP(r *http.Request, trusted Proxies) netip.Addr {
	return clientIP(r, parseHost(r.RemoteAddr), trusted)
}

// clientIP is ClientIP for r's TCP peer, parsed.
func clientIP(r *http.Request, peer netip.Addr, trusted Proxies) netip.Addr {
	if !peer.IsValid() || !trusted.Trusts(peer) {
		return peer
	}
	return forwardedClient(r.Header, peer, trusted)
}

// forwardedClient is ClientIP for a peer that is a trusted proxy, with
// the request's header h.
func forwardedClient(h http.Header, peer netip.Addr, trusted Proxies) netip.Addr {
	for _, fh := range forwardingHeaders {
		values := h[fh.name] // the names are canonical
		if len(values) == 0 {
			continue
		}
		if !fh.chain {
			if a := parseHost(strings.TrimSpace(values[len(values)-1])); a.IsValid() {
				return a
			}
			return peer
		}
		return walkChain(values, fh.name == "Forwarded", peer, trusted)
	}
	return peer
}

// walkChain walks the hops of a chain header from the right: values are
// its lines, each a comma-separated list. It splits them in place rather
// than into a slice (this runs on every request behind a proxy).
func walkChain(values []string, forwarded bool, peer netip.Addr, trusted Proxies) netip.Addr {
	last := peer
	for i := len(values) - 1; i >= 0; i-- {
		rest := values[i]
		for more := true; more; {
			hop := rest
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				hop, rest = rest[j+1:], rest[:j]
			} else {
				more = false
			}
			hop = strings.TrimSpace(hop)
			if forwarded {
				hop = forwardedFor(hop)
			}
			a := parseHost(hop)
			if !a.IsValid() {
				return last
			}
			if !trusted.Trusts(a) {
				return a
			}
			last = a
		}
	}
	return last
}

// forwardedFor returns the for= parameter of one Forwarded element
// (RFC 7239), unquoted, or "" when absent.
func forwardedFor(elem string) string {
	for pair := range strings.SplitSeq(elem, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "for") {
			continue
		}
		return strings.Trim(strings.TrimSpace(v), `"`)
	}
	return ""
}

// Client is who sent a request, as ClientIP and IsHTTPS say.
type Client struct {
	IP    netip.Addr
	HTTPS bool
}

// NewClient returns the client of r: ClientIP(r, trusted) and
// IsHTTPS(r, trusted), with RemoteAddr parsed, and the peer checked
// against the trusted proxies, once for both.
func NewClient(r *http.Request, trusted Proxies) Client {
	return newClient(r.RemoteAddr, r.Header, r.TLS != nil, trusted)
}

// newClient is NewClient for a request from remoteAddr with the header h,
// received over TLS when tls is set.
func newClient(remoteAddr string, h http.Header, tls bool, trusted Proxies) Client {
	peer := parseHost(remoteAddr)
	c := Client{IP: peer, HTTPS: tls}
	if peer.IsValid() && trusted.Trusts(peer) {
		c.IP = forwardedClient(h, peer, trusted)
		c.HTTPS = c.HTTPS || proxiedHTTPS(h)
	}
	return c
}

// peerText returns the host part of remoteAddr ("ip:port" or
// "[ipv6]:port") when it is addr written as addr.String writes it, else "".
func peerText(addr netip.Addr, remoteAddr string) string {
	if !addr.IsValid() {
		return ""
	}
	host := remoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 && isPort(host[i+1:]) {
		host = host[:i]
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	var buf [64]byte // the longest IPv6 text without a zone is 45 bytes
	if string(addr.AppendTo(buf[:0])) != host {
		return ""
	}
	return host
}

// parseHost parses "ip", "ip:port", "[ipv6]" or "[ipv6]:port", dropping
// any IPv6 zone. It returns the invalid address for anything else. It
// splits by hand so that the usual forms cost one ParseAddr and no error.
func parseHost(s string) netip.Addr {
	a, _ := parseHostText(s)
	return a
}

// parseHostText is parseHost, also returning the address part of s as
// written.
func parseHostText(s string) (netip.Addr, string) {
	host := s
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 || end+1 < len(s) && (s[end+1] != ':' || !isPort(s[end+2:])) {
			return netip.Addr{}, ""
		}
		host = s[1:end]
	case strings.Count(s, ":") == 1:
		h, port, _ := strings.Cut(s, ":")
		if !isPort(port) {
			return netip.Addr{}, ""
		}
		host = h
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, ""
	}
	return a.WithZone("").Unmap(), host
}

func isPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// IsHTTPS reports whether the client reached the app over TLS: directly,
// or through a trusted proxy that says so (X-Forwarded-Proto: https, or
// proto=https in Forwarded).
func IsHTTPS(r *http.Request, trusted Proxies) bool {
	return isHTTPS(r, parseHost(r.RemoteAddr), trusted)
}

// isHTTPS is IsHTTPS for r's TCP peer, parsed.
func isHTTPS(r *http.Request, peer netip.Addr, trusted Proxies) bool {
	if r.TLS != nil {
		return true
	}
	if !peer.IsValid() || !trusted.Trusts(peer) {
		return false
	}
	return proxiedHTTPS(r.Header)
}

// proxiedHTTPS reports whether the forwarding headers h of a request from
// a trusted proxy say that the client used TLS.
func proxiedHTTPS(h http.Header) bool {
	if p := HeaderValue(h, "X-Forwarded-Proto"); p != "" {
		return strings.EqualFold(strings.TrimSpace(p), "https")
	}
	for _, v := range h["Forwarded"] {
		for pair := range strings.SplitSeq(v, ";") {
			k, val, _ := strings.Cut(strings.TrimSpace(pair), "=")
			if strings.EqualFold(k, "proto") && strings.EqualFold(strings.Trim(val, `"`), "https") {
				return true
			}
		}
	}
	return false
}
