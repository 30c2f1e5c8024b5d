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

// hostFromInput reports whether an input of req names host as a host:
// the whole input, a URL's authority ("//host"), or "host:port" and
// "host/path" at its start. The user chose where the request goes, so its
// dial is checked. A bare substring is not enough: an input "feedback"
// does not choose the app's own host "db".
func hostFromInput(a *agent.Agent, req *reqctx.Request, host string) bool {
	for _, in := range a.Inputs(req) {
		if hostIn(in.Value, host) {
			return true
		}
	}
	return false
}

func hostIn(v, host string) bool {
	v, host = strings.ToLower(v), strings.ToLower(host)
	if v == host {
		return true
	}
	if after, ok := strings.CutPrefix(v, host); ok && after != "" && (after[0] == ':' || after[0] == '/') {
		return true
	}
	for rest := v; ; {
		i := strings.Index(rest, "//")
		if i < 0 {
			return false
		}
		rest = rest[i+2:]
		auth := rest
		if end := strings.IndexAny(auth, "/?#"); end >= 0 {
			auth = auth[:end]
		}
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			auth = auth[at+1:] // user info
		}
		if strings.HasPrefix(auth, "[") {
			if end := strings.IndexByte(auth, ']'); end >= 0 {
				auth = auth[1:end]
			}
		} else if c := strings.LastIndexByte(auth, ':'); c >= 0 {
			auth = auth[:c]
		}
		if auth == host {
			return true
		}
	}
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
	if a == nil || req == nil || req.Exempt || !a.Has(rules.HTTPClient) || !req.TakeUserHost() {
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
