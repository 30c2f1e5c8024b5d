package sqreen

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/sqreen-go/sqreen/runtime/hooks"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// ErrBlocked is matched (errors.Is) by every error the agent returns to
// stop a call or a request. The error itself says which rule or list
// blocked and where.
var ErrBlocked = reqctx.ErrBlocked

// Middleware protects next: each request gets a security context, goes
// through the IP block and allow lists and the In-App WAF, and its
// responses carry the security headers. A request blocked at entry gets
// the block page and next does not run. In an instrumented build the
// server is protected already and Middleware passes requests through.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w2, r2, end, blocked := hooks.HTTPEnter(w, r)
		if end != nil {
			defer end()
		}
		if blocked {
			return
		}
		next.ServeHTTP(w2, r2)
	})
}

// Request is the security context of a protected request.
type Request struct{ r *reqctx.Request }

// FromContext returns the security context of the request ctx belongs to
// (or, in instrumented builds, of the request the calling goroutine
// serves), or nil outside a protected request.
func FromContext(ctx context.Context) *Request {
	if r := reqctx.Current(ctx); r != nil {
		return &Request{r}
	}
	return nil
}

// ClientIP returns the client's address, read from the forwarding headers
// of trusted proxies only (see CONFIG.md, SQREEN_TRUSTED_PROXIES).
func (r *Request) ClientIP() netip.Addr { return r.r.ClientIP() }

// User returns the user given to Identify, or "".
func (r *Request) User() string { return r.r.User() }

// Route returns the ServeMux pattern that matched the request, when known.
func (r *Request) Route() string { return r.r.Route() }

// Blocked returns the error that stopped the request (matching
// ErrBlocked), or nil.
func (r *Request) Blocked() error {
	if b := r.r.Blocked(); b != nil {
		return b
	}
	return nil
}

// Identify tells the agent who the user of the request in ctx is: events
// and rules see it from now on. It returns an error matching ErrBlocked
// when the platform blocked that user; the request is then stopped and
// the handler should return.
//
// Identify sends nothing to the platform by itself, by design. Apps call
// it on every authenticated request, so an event per call would be one
// event per request: it would spend the attack events' rate limit and
// queue, and it would build, outside the app, a log of which user was at
// which IP when, personal data that no security decision needs. Instead
// the user travels with what matters: every attack, block, TrackAuth and
// TrackEvent event of the request names it (the dashboard shows it, the
// platform's per-user playbooks count it), and the platform's user blocks
// are enforced here, at Identify.
func Identify(ctx context.Context, user string) error {
	a := agent.Current()
	if a == nil {
		return nil
	}
	return a.Identify(reqctx.Current(ctx), user)
}

// TrackAuth reports a login attempt for user and whether it succeeded.
// The platform aggregates them per IP and per user to detect credential
// stuffing and account takeover.
func TrackAuth(ctx context.Context, success bool, user string) {
	if a := agent.Current(); a != nil {
		a.TrackAuth(reqctx.Current(ctx), success, user)
	}
}

// TrackEvent reports a business event (a signup, a password reset, a
// payment) with its properties; values are scrubbed of secrets before
// they leave the process.
func TrackEvent(ctx context.Context, name string, properties map[string]any) {
	if a := agent.Current(); a != nil {
		a.TrackEvent(reqctx.Current(ctx), name, properties)
	}
}
