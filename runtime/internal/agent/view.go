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
}

const (
	xssNone = 1
	xssSome = 2
)

// viewOf returns the agent's view of req, built once per request (and
// again once the body is parsed or the user identified).
func viewOf(req *reqctx.Request) *view {
	return req.View(buildView).(*view)
}

// ruleRequest returns what the rules see of req (see viewOf).
func ruleRequest(req *reqctx.Request) *rules.Request {
	return &viewOf(req).Request
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

// buildView builds what the rules see of req. The query and headers are
// passed raw (rules.Request.FromRaw): the inputs are read from them
// directly, and the maps of the expr environment are built only if a rule
// on expr's VM runs; only the cookies are parsed here.
func buildView(req *reqctx.Request, user string) any {
	w := &view{Request: rules.Request{
		Method:    req.Method,
		Path:      req.Path,
		Route:     req.Route(),
		RawQuery:  req.RawQuery,
		User:      user,
		UserAgent: req.UserAgent,
		FromRaw:   true,
		Header:    req.Header,
	}}
	v := &w.Request
	if req.ClientIP.IsValid() {
		v.ClientIP = req.ClientIPText()
	}
	v.Cookies = req.Cookies()
	if body, ok := req.ParsedBody(); ok {
		if form, isForm := body.(url.Values); isForm {
			v.Form = form
		} else {
			v.Body = body
		}
	}
	return w
}
