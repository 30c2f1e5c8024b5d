package agent

import (
	"net/url"
	"slices"
	"sync/atomic"

	"github.com/sqreen-go/sqreen/engine/rasp"
	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// view is what the agent keeps of a request (see reqctx.Request.View):
// what the rules see of it, and facts derived from its inputs once.
type view struct {
	rules.Request
	// xss caches whether an input of the request could be flagged by the
	// template XSS detector (see xssInputs): 0 not computed yet, else
	// xssNone or xssSome.
	xss atomic.Int32
	// withIP is set when ClientIP was filled in (see ruleRequest).
	withIP bool
}

const (
	xssNone = 1
	xssSome = 2
)

// viewOf returns the agent's view of req, built once per request (and
// again once the body is parsed or the user identified), without the
// client IP unless a rule set needed it before (see ruleRequest).
func viewOf(req *reqctx.Request) *view {
	return req.View(buildView).(*view)
}

// ruleRequest returns what the rules of set see of req (see viewOf): with
// the client IP when they may read it. The view is built again, with it,
// when the one built before has none; finding the client is left to the
// requests whose rules read it (or whose IP lists, events and 404
// counts do).
func ruleRequest(set *rules.Set, req *reqctx.Request) *rules.Request {
	if !set.ReadsClientIP() {
		return &viewOf(req).Request
	}
	v := req.View(buildViewWithIP).(*view)
	if !v.withIP {
		req.ResetView()
		v = req.View(buildViewWithIP).(*view)
	}
	return &v.Request
}

// rawRequest fills r, zero and on the caller's stack, with what the
// rules' pre-checks read of req (rules.Set.RequestUnmatched,
// SinkUnmatchedRaw, Request.AnyRawInput): the raw query, the header, the
// User-Agent and the parsed body if any. Most requests are decided on it,
// and the view, an allocation and some thirty lines of code cold at
// every request, is built only for the rules that run.
func rawRequest(req *reqctx.Request, r *rules.Request) {
	form, body := parsedBody(req)
	fillRaw(r, req, form, body)
}

// parsedBody returns req's body as the rules see it once parsed: a form,
// or the decoded JSON; neither before.
func parsedBody(req *reqctx.Request) (form url.Values, body any) {
	if b, ok := req.ParsedBody(); ok {
		if f, isForm := b.(url.Values); isForm {
			return f, nil
		}
		return nil, b
	}
	return nil, nil
}

// fillRaw sets the fields of r, zero, that come straight from req: the
// raw request the rules read inputs from (Request.FromRaw), and the
// parsed body.
func fillRaw(r *rules.Request, req *reqctx.Request, form url.Values, body any) {
	r.FromRaw = true
	r.Method = req.Method
	r.Path = req.Path
	r.RawQuery = req.RawQuery
	r.Header = req.Header
	r.UserAgent = req.UserAgent
	r.Form = form
	r.Body = body
}

// xssInputs reports whether an input of the request could be flagged by
// the template XSS detector in some page (rasp.XSSInput), computed on
// first use.
func (v *view) xssInputs() bool {
	switch v.xss.Load() {
	case xssNone:
		return false
	case xssSome:
		return true
	}
	some := slices.ContainsFunc(v.Inputs(), func(in rules.InputValue) bool { return rasp.XSSInput(in.Value) })
	if some {
		v.xss.Store(xssSome)
	} else {
		v.xss.Store(xssNone)
	}
	return some
}

// Views with room for their inputs in the same allocation (see newView).
type (
	view4 struct {
		view
		buf [4]rules.InputValue
	}
	view6 struct {
		view
		buf [6]rules.InputValue
	}
	view9 struct {
		view
		buf [9]rules.InputValue
	}
	view14 struct {
		view
		buf [14]rules.InputValue
	}
)

// newView returns a zero view with room for n inputs in its own
// allocation (rules.Request.SetInputBuf), which spares the rules an
// allocation of their own for the input list on every request. The room
// is whatever fills the allocator's size class of the view (512, 640,
// 768 and 1024 bytes: see TestViewsFillSizeClasses); past 14 inputs, or
// with none, the list gets its own allocation if any.
func newView(n int) *view {
	switch {
	case n <= 0:
		return new(view)
	case n <= 4:
		w := new(view4)
		return w.room(w.buf[:])
	case n <= 6:
		w := new(view6)
		return w.room(w.buf[:])
	case n <= 9:
		w := new(view9)
		return w.room(w.buf[:])
	case n <= 14:
		w := new(view14)
		return w.room(w.buf[:])
	}
	return new(view)
}

// room gives v the input list buf, which lives in the same allocation.
func (v *view) room(buf []rules.InputValue) *view {
	v.SetInputBuf(buf)
	return v
}

// buildView builds what the rules see of req. The query, headers and
// cookies are passed raw (rules.Request.FromRaw): the inputs are read
// from them directly, and the maps of the expr environment are built only
// if a rule on expr's VM runs.
func buildView(req *reqctx.Request, user string) any {
	return buildViewOf(req, user, false)
}

// buildViewWithIP is buildView with the client IP.
func buildViewWithIP(req *reqctx.Request, user string) any {
	return buildViewOf(req, user, true)
}

// buildViewOf is buildView, with the client IP when withIP is set.
func buildViewOf(req *reqctx.Request, user string, withIP bool) *view {
	form, body := parsedBody(req)
	w := newView(rules.RawInputsHint(req.RawQuery, req.Header, form, body))
	v := &w.Request
	fillRaw(v, req, form, body)
	v.Route = req.Route()
	v.User = user
	if withIP {
		v.ClientIP = req.ClientIPText()
		w.withIP = true
	}
	return w
}
