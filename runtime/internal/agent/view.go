package agent

import (
	"net/url"
	"strings"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// ruleRequest returns what the rules see of req, built once per request
// (and again once the body is parsed or the user identified).
func ruleRequest(req *reqctx.Request) *rules.Request {
	return req.View(buildView).(*rules.Request)
}

func buildView(req *reqctx.Request, user string) any {
	v := &rules.Request{
		Method:    req.Method,
		Path:      req.Path,
		Route:     req.Route,
		RawQuery:  req.RawQuery,
		User:      user,
		UserAgent: req.UserAgent,
		Query:     req.Query,
	}
	if req.ClientIP.IsValid() {
		v.ClientIP = req.ClientIP.String()
	}
	if len(req.Header) > 0 {
		v.Headers = make(map[string][]string, len(req.Header))
		for k, vs := range req.Header {
			v.Headers[strings.ToLower(k)] = vs
		}
	}
	if len(req.Cookies) > 0 {
		v.Cookies = make(map[string]string, len(req.Cookies))
		for k, vs := range req.Cookies {
			v.Cookies[k] = strings.Join(vs, ",")
		}
	}
	if body, ok := req.ParsedBody(); ok {
		if form, isForm := body.(url.Values); isForm {
			v.Form = form
		} else {
			v.Body = body
		}
	}
	return v
}
