package hooks

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/sqreen-go/sqreen/engine/rasp"
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
	if err != nil {
		return nil
	}
	reason, bad := rasp.DangerousIP(ip)
	if !bad {
		return nil
	}
	return a.BlockDial(req, address, reason)
}
