package hooks

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

func httpClientHook(r *http.Request) error {
	if !agent.InFlight() {
		return nil
	}
	return httpClientSlow(r)
}

func httpClientSlow(r *http.Request) error {
	if r == nil || r.URL == nil {
		return nil
	}
	return httpClientCheck(agent.Current(), reqctx.Current(r.Context()), r)
}

func httpClientCheck(a *agent.Agent, req *reqctx.Request, r *http.Request) error {
	if a == nil || req == nil || !a.Has(rules.HTTPClient) {
		return nil
	}
	if host := r.URL.Hostname(); host != "" && hostFromInput(a, req, host) {
		req.MarkUserHost()
	}
	return a.Check(rules.HTTPClient, req, &rules.Input{HTTPClient: &rules.URLSink{URL: r.URL.String()}})
}

// hostFromInput reports whether host appears in one of req's inputs: the
// user chose where the request goes, so its dial is checked.
func hostFromInput(a *agent.Agent, req *reqctx.Request, host string) bool {
	for _, in := range a.Inputs(req) {
		if strings.Contains(in.Value, host) {
			return true
		}
	}
	return false
}

func dialHook(ctx context.Context, network, address string) error {
	if !agent.InFlight() {
		return nil
	}
	return dialSlow(ctx, network, address)
}

func dialSlow(ctx context.Context, network, address string) error {
	return dialCheck(agent.Current(), reqctx.Current(ctx), network, address)
}

// dialCheck blocks a dial to an internal address when the request in
// flight sent an outgoing request to a host taken from its inputs: the
// name looked public to the http_client rules, but resolved inside (DNS
// rebinding, or a name pointing at 127.0.0.1).
func dialCheck(a *agent.Agent, req *reqctx.Request, network, address string) error {
	if a == nil || req == nil || req.Exempt || !req.UserHost() || !a.Has(rules.HTTPClient) {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	if err != nil || !dangerousIP(ip) {
		return nil
	}
	return a.BlockDial(req, address)
}

// internalPrefixes are the networks an outgoing request driven by user
// input must not reach. (engine/rasp has no exported check for a resolved
// address yet; this list is the runtime's own until it does.)
var internalPrefixes = [...]netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("::/128"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("64:ff9b::/96"),
}

// dangerousIP reports whether ip is loopback, private, link-local (cloud
// metadata), carrier-grade NAT, unspecified or multicast.
func dangerousIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsMulticast() {
		return true
	}
	for _, p := range internalPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
