package agent

import (
	"net/url"
	"slices"
	"strings"
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

func buildView(req *reqctx.Request, user string) any {
	w := &view{Request: rules.Request{
		Method:    req.Method,
		Path:      req.Path,
		Route:     req.Route(),
		RawQuery:  req.RawQuery,
		User:      user,
		UserAgent: req.UserAgent,
		Query:     req.Query(),
	}}
	v := &w.Request
	if req.ClientIP.IsValid() {
		v.ClientIP = req.ClientIP.String()
	}
	if len(req.Header) > 0 {
		v.Headers = make(map[string][]string, len(req.Header))
		for k, vs := range req.Header {
			v.Headers[lowerHeader(k)] = vs
		}
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

// commonHeaders maps the canonical form of frequent request headers to the
// lower-case form the rules use, sparing an allocation for each.
var commonHeaders = map[string]string{
	"Accept": "accept", "Accept-Encoding": "accept-encoding", "Accept-Language": "accept-language",
	"Authorization": "authorization", "Cache-Control": "cache-control", "Connection": "connection",
	"Content-Length": "content-length", "Content-Type": "content-type", "Cookie": "cookie",
	"Host": "host", "Origin": "origin", "Pragma": "pragma", "Referer": "referer",
	"Sec-Ch-Ua": "sec-ch-ua", "Sec-Ch-Ua-Mobile": "sec-ch-ua-mobile", "Sec-Ch-Ua-Platform": "sec-ch-ua-platform",
	"Sec-Fetch-Dest": "sec-fetch-dest", "Sec-Fetch-Mode": "sec-fetch-mode", "Sec-Fetch-Site": "sec-fetch-site",
	"Sec-Fetch-User": "sec-fetch-user", "Upgrade-Insecure-Requests": "upgrade-insecure-requests",
	"User-Agent": "user-agent", "X-Forwarded-For": "x-forwarded-for", "X-Forwarded-Proto": "x-forwarded-proto",
	"X-Real-Ip": "x-real-ip", "X-Requested-With": "x-requested-with", "Dnt": "dnt",
}

func lowerHeader(k string) string {
	if l, ok := commonHeaders[k]; ok {
		return l
	}
	return strings.ToLower(k)
}
