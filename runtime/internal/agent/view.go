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
		Route:     req.Route(),
		RawQuery:  req.RawQuery,
		User:      user,
		UserAgent: req.UserAgent,
		Query:     req.Query(),
	}
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
	return v
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
