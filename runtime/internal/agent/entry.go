package agent

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/gls"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

// Enter starts protecting the request r served with w; it is what
// hooks.HTTPEnter does (see its contract). In order:
//
//  1. the CSP report endpoint answers its own requests;
//  2. the request context is built and stored in r's context and in the
//     goroutine's slot (package gls), and the writer is wrapped;
//  3. an allowlisted client IP or path marks the request exempt;
//  4. a blocklisted client IP is blocked;
//  5. the In-App WAF runs the request rules, then, when the request has a
//     JSON or form body, runs them again on the body (matches on the body
//     only, so nothing is reported twice);
//  6. when response rules exist, the writer runs them on the status and
//     headers before they are sent (see checkResponse);
//  7. at end, a 404 response is counted for the client IP (the platform's
//     scanner playbook, ip.not_found).
//
// When blocked is true the block page was written and the handler must not
// run; end must be called in every case where it is not nil.
func (a *Agent) Enter(w http.ResponseWriter, r *http.Request) (w2 http.ResponseWriter, r2 *http.Request, end func(), blocked bool) {
	return a.enter(w, r, nil, nil)
}

// EnterServer is Enter for the server's own request r, which no handler
// has seen yet, with the server's cancel of r's context (net/http's, for
// HTTP/1, which the server calls once the handler has returned; else nil)
// and ctx, r's own context field; net/http's entry hook hands them over.
// A blocked request is cancelled with cancel, the request context is not
// derived with a cancel of its own (see reqctx.Options.Cancel), and r is
// served itself, its context set through ctx and its Body wrapped in
// place (see reqctx.Options.Context), which spares a copy of the whole
// Request on every request.
func (a *Agent) EnterServer(w http.ResponseWriter, r *http.Request, cancel func(), ctx *context.Context) (w2 http.ResponseWriter, end func(), blocked bool) {
	w2, _, end, blocked = a.enter(w, r, cancel, ctx)
	return w2, end, blocked
}

func (a *Agent) enter(w http.ResponseWriter, r *http.Request, cancel func(), ctx *context.Context) (w2 http.ResponseWriter, r2 *http.Request, end func(), blocked bool) {
	w2, r2 = w, r
	var req *reqctx.Request
	defer func() {
		// The boundary of the entry: whatever failed, the request goes on
		// with what was set up (fail open).
		if p := recover(); p != nil {
			a.metrics.add(CounterPanics, 1)
			a.log.once("panic", "sqreen: recovered from a panic at request entry", "panic", fmt.Sprint(p))
			blocked = req != nil && req.Blocked() != nil
		}
	}()
	// The server's own request (ctx set) has not met any handler yet, so
	// no outer entry can have protected it: that spares walking its
	// context chain, cold on every request.
	if ctx == nil && outerEntry(r) {
		return w, r, nil, false // already protected by an outer entry
	}
	if p := a.cspReportPath; p != "" && len(r.URL.Path) == len(p) && a.cspReport(w, r) {
		return w, r, nil, true
	}
	e := &entry{a: a}
	req = &e.req
	// The request first: the writer needs its client's TLS. Init only
	// keeps the writer, which it must not use before the writer's Init.
	r2 = req.Init(r, &e.rw, reqctx.Options{Trusted: &a.cfg.TrustedProxies, BodyLimit: a.bodyLimit, Budget: a.Budget(), Cancel: cancel, Context: ctx})
	e.rw.Init(w, req.TLS, r.Header, a.Headers(), a.Page())
	if a.Has(rules.Response) {
		e.rw.SetInspector(e.inspect)
	}
	enter()
	gls.Set(req)
	w2 = &e.rw
	if ctx != nil && gls.Live() {
		end = endServer
	} else {
		end = e.end
	}
	a.metrics.addRequest()
	return w2, r2, end, a.screen(e)
}

// outerEntry reports whether r is protected by an outer entry already.
// Out of line, as cspReport: what a request runs of enter is then one
// piece of code (see screen).
//
//go:noinline
func outerEntry(r *http.Request) bool { return reqctx.FromContext(r.Context()) != nil }

// cspReport serves r when it posts a CSP report to the agent's report
// path, and reports whether it did.
//
//go:noinline
func (a *Agent) cspReport(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path != a.cspReportPath || r.Method != http.MethodPost {
		return false
	}
	a.serveCSPReport(w, r)
	return true
}

// entry is the state of one protected request, allocated at once: 456
// bytes, in the 480-byte class. The request rules' Input is allocated
// apart, by the few requests whose rules run (see screenRules): in the
// entry it took every request to the 512-byte class.
type entry struct {
	a   *Agent
	rw  respond.Writer
	req reqctx.Request
}

func (e *entry) inspect(status int, h http.Header) bool { return e.a.checkResponse(&e.req, status, h) }

// end ends the request: what Enter returns for the entry hook to defer.
func (e *entry) end() { finish(e.a, &e.rw, &e.req) }

// endServer is what EnterServer returns for the entry hook to defer in a
// build with goroutine-local storage: a function of the package, where
// the method value e.end was an allocation and a few lines of code and
// data per request (bench/footprint -inclusive). It finds the request
// through the goroutine, where enter stored it: net/http's entry hook
// defers it in the frame that entered, on the same goroutine, and nothing
// stores another request there meanwhile (an entry inside it is an outer
// one's, which stores nothing). The writer is the request's blocker; the
// agent, the one in force.
func endServer() {
	req, _ := gls.Get().(*reqctx.Request)
	if req == nil {
		return
	}
	rw, _ := req.Blocker().(*respond.Writer)
	finish(Current(), rw, req)
}

// finish ends the request req served with rw: the goroutine's slot
// cleared, the response passed on, a 404 counted for the client (a may be
// nil: the agent stopped), the request released.
func finish(a *Agent, rw *respond.Writer, req *reqctx.Request) {
	gls.Set(nil)
	if rw != nil && rw.Finish() == http.StatusNotFound && a != nil {
		a.metrics.addNotFound(req.ClientIP())
	}
	req.Release()
}

// screen runs the entry checks of e's request and reports whether it was
// blocked. Its common path (no list, no body, the request rules decided
// without running them) is kept apart from the rest, which is in
// functions of their own: inlined here, their code lay between the
// common path's, and a request ran 13 lines of code for some 85
// instructions (see bench/footprint).
func (a *Agent) screen(e *entry) bool {
	req := &e.req
	if !a.ipAllow.empty() || !a.ipBlock.empty() || a.pathAllow.Load() != nil {
		if exempt, blocked := a.screenLists(req); exempt || blocked {
			return blocked
		}
	}
	set := a.rules.Load().set
	if !set.Has(rules.RequestHook) {
		return false
	}
	// Most requests' request rules are decided without running them
	// (rules.Set.Unmatched): a clean User-Agent seen before, plain
	// parameters. req is new: neither exempt nor blocked yet.
	if !a.requestUnmatched(set, req) && a.screenRules(req) {
		return true
	}
	if !req.HasBody() {
		return false
	}
	return a.screenBody(e)
}

// screenLists checks req against the IP and path lists: exempt when an
// allowlist names it (req is marked so), blocked when a blocklist does.
//
//go:noinline
func (a *Agent) screenLists(req *reqctx.Request) (exempt, blocked bool) {
	// The IP lists read the clock (expiries), which is not free (about
	// 70 ns on some virtual machines): only when they have entries.
	lists := !a.ipAllow.empty() || !a.ipBlock.empty()
	var now time.Time
	if lists {
		now = time.Now()
	}
	if lists && a.IPAllowed(req.ClientIP(), now) || a.PathAllowed(req.Path) {
		req.Exempt = true
		return true, false
	}
	if lists && a.IPBlocked(req.ClientIP(), now) {
		a.blockList(req, "ip-blocklist")
		return false, true
	}
	return false, false
}

// screenRules runs the request rules on req and reports whether they
// blocked it.
//
//go:noinline
func (a *Agent) screenRules(req *reqctx.Request) bool {
	return a.Check(rules.RequestHook, req, new(rules.Input)) != nil
}

// screenBody runs the request rules on the body of e's request, read
// now, and reports whether they blocked it.
//
//go:noinline
func (a *Agent) screenBody(e *entry) bool {
	req := &e.req
	if _, err := req.Body(); err != nil {
		a.metrics.add(CounterBodyUnparsed, 1)
		return false
	}
	fromBody := func(m *rules.Match) bool {
		return strings.HasPrefix(m.Evidence.Source, "body") || strings.HasPrefix(m.Evidence.Source, "form")
	}
	return a.check(rules.RequestHook, req, new(rules.Input), fromBody) != nil
}

// blockList blocks req because a block list names it.
func (a *Agent) blockList(req *reqctx.Request, list string) *reqctx.BlockError {
	err := req.Block(&reqctx.BlockError{RuleID: list, HookPoint: string(rules.RequestHook)})
	a.metrics.add(CounterBlocked, 1)
	if a.limiter.allow(time.Now()) {
		a.queue(Event{Kind: KindBlocked, Time: time.Now(), RuleID: list, HookPoint: string(rules.RequestHook),
			Action: string(rules.Block), Request: a.summary(req)})
	} else {
		a.metrics.add(CounterEventsLimited, 1)
	}
	return err
}
