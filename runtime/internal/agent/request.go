package agent

import (
	"bufio"
	"context"
	"fmt"
	"net/http"

	"github.com/sqreen-go/sqreen/engine/rasp"
	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/gls"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

// This file holds what every protected request runs of the agent, in the
// order it runs it: the entry, the request pre-check, the sinks' and the
// template's pre-checks, the end. The linker lays a package's functions
// out in the order of its files and of their source, so kept together
// they share a page or two of code instead of one page each, and with
// nothing cached every page a request's code is on costs a page walk
// before its first line (bench/footprint's "code pages"). What only some
// requests run (lists, the rules' run, bodies, CSP reports) is in
// entry.go and check.go.

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
	if cancel != nil {
		// net/http's HTTP/1 writer (see httpEnterDecl), whose header
		// block's writing calls WireHeaders.
		e.rw.SetWireHeaders()
	}
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
	a.hot.addRequest()
	return w2, r2, end, a.screen(e)
}

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

// WireHeaders is net/http's writing of an HTTP/1 response's header
// block to bw (ctx is the request's context field, h the header it
// writes): the request's Writer writes there the security headers it
// left to it (respond.Writer.SetWireHeaders). It may run after the
// request ended, on the same goroutine: net/http writes a short
// response's header block once the handler has returned.
func WireHeaders(ctx context.Context, h http.Header, bw *bufio.Writer) {
	if req := reqctx.Served(ctx); req != nil {
		if rw, ok := req.Blocker().(*respond.Writer); ok {
			rw.WireHeaders(h, bw)
		}
	}
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

// requestUnmatched is Unmatched at the request hook, for set, with
// enabled request rules, and req, neither exempt nor blocked: the entry's
// (see screen), on the request as it came, before its body is read (the
// request rules see the body apart). Kept apart from Unmatched, whose hook
// point is a variable, so that this one's code is short and contiguous:
// finding the index of a hook point by its name took three lines of code
// per request. It has no recover of its own: a panic goes to the one of
// its caller, Unmatched's or the entry's (enter), both of which let the
// request go on unchecked (fail open); a deferred recover here ran three
// more lines of code per request.
func (a *Agent) requestUnmatched(set *rules.Set, req *reqctx.Request) bool {
	if !set.RequestUnmatchedRaw(req.RawQuery, req.Header, req.UserAgent) { // no body read yet
		return false
	}
	a.hot.addRequestDecided()
	return true
}

// ConstantUnmatched is Unmatched for a sink whose text is a constant of
// the program (gls.Constant: a query or command written in the source,
// which no request input can have reached), when every rule of the sink's
// hook is input-driven (rules.Set.ConstantSinkUnmatched, found when the
// rules were put in force). It answers false for a request already
// blocked, so that Check returns its error, and for any other rule set,
// whose Check then runs as for any sink. Such a sink is not a check: it is
// counted apart (CounterConstantSinks), not in the hook's timings nor in
// the rules' evaluations. Nothing in it can panic: no recover.
func (a *Agent) ConstantUnmatched(s Sink, req *reqctx.Request) bool {
	if req == nil || req.Exempt {
		return true
	}
	if req.Blocked() != nil || !a.rules.Load().constant[s] {
		return false
	}
	a.hot.addConstant()
	return true
}

// CheckTemplate reports whether the output of a template rendered while
// req is in flight must be checked by the template rules (hooks buffer
// the page then, and call Check on it once rendered). It is false when no
// template rule runs, when req is exempt, and when every template rule is
// the XSS detector on the output (the built-in rule's condition) and no
// input of req could be flagged by it in any page (rasp.XSSInput): that
// input set is computed once per request, so benign requests render
// their pages straight to the client. A request already blocked is
// checked, so that the template gets its block error. CheckTemplate fails
// closed: after a panic it answers true.
func (a *Agent) CheckTemplate(req *reqctx.Request) (check bool) {
	if req == nil || req.Exempt {
		return false
	}
	if req.Blocked() != nil {
		return true
	}
	set := a.rules.Load().set
	if !set.Has(rules.Template) {
		return false
	}
	if !set.TemplateXSSOnly() {
		return true
	}
	defer func() {
		if p := recover(); p != nil {
			a.metrics.add(CounterPanics, 1)
			a.log.once("panic", "sqreen: recovered from a panic in the template pre-check", "panic", fmt.Sprint(p))
			check = true
		}
	}()
	if req.HasBody() {
		if _, parsed := req.ParsedBody(); !parsed {
			if _, err := req.Body(); err != nil { // body inputs count too
				a.metrics.add(CounterBodyUnparsed, 1)
			}
		}
	} else if some, ok := rules.AnyRawInput(req.RawQuery, req.Header, xssInput); ok {
		// Straight from the raw query and header: the view, and its list
		// of the inputs, only when that cannot tell.
		return some
	}
	return viewOf(req).xssInputs()
}

// xssInput is rasp.XSSInput for rules.AnyRawInput, its first test
// inlined: a benign request does not run XSSInput's code.
func xssInput(v string, _ bool) bool { return rasp.HasHTMLSyntaxByte(v) && rasp.XSSInput(v) }
