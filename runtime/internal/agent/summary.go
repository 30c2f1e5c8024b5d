package agent

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// Bounds of a RequestSummary: an event describes its request, it does not
// copy it. What is cut is cut silently (the evidence is kept whole).
const (
	maxSummaryHeaders = 48   // headers kept, the first in name order
	maxSummaryParams  = 64   // inputs kept, in the order the rules see them
	maxSummaryValue   = 1024 // bytes of one header or input value
	maxSummaryName    = 256  // bytes of a header name or an input's source
)

// summary returns the scrubbed summary of req for an event.
func (a *Agent) summary(req *reqctx.Request) *RequestSummary {
	if req == nil {
		return nil
	}
	s := &RequestSummary{
		Method:    req.Method,
		Host:      req.Host(),
		Path:      a.scrub.ScrubText(req.Path),
		Route:     req.Route(),
		UserAgent: a.scrub.ScrubValue("user-agent", req.UserAgent),
		User:      req.User(),
	}
	s.ClientIP = req.ClientIPText()
	if len(req.Query()) > 0 {
		s.Query = make(map[string][]string, len(req.Query()))
		for k, vs := range req.Query() {
			out := make([]string, len(vs))
			for i, v := range vs {
				out[i] = a.scrub.ScrubValue(k, v)
			}
			s.Query[k] = out
		}
	}
	s.Headers = a.summaryHeaders(req.Header)
	for _, in := range viewOf(req).Inputs() {
		if len(s.Params) == maxSummaryParams {
			break
		}
		switch in.Kind {
		case "query", "form", "body":
			s.Params = append(s.Params, Param{Source: clip(in.Kind+"."+in.Key, maxSummaryName),
				Value: clip(a.scrub.ScrubValue(in.Key, in.Value), maxSummaryValue)})
		}
	}
	return s
}

// summaryHeaders scrubs and bounds h; values under sensitive names
// (Authorization, Cookie, ...) are redacted by the scrubber's key regex.
func (a *Agent) summaryHeaders(h http.Header) map[string]string {
	if len(h) == 0 {
		return nil
	}
	names := slices.Sorted(maps.Keys(h))
	out := make(map[string]string, min(len(names), maxSummaryHeaders))
	for _, name := range names[:min(len(names), maxSummaryHeaders)] {
		out[clip(name, maxSummaryName)] = clip(a.scrub.ScrubValue(name, strings.Join(h[name], ", ")), maxSummaryValue)
	}
	return out
}

// clip cuts s to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// clipAround cuts s to about n bytes keeping the part where keep (the
// attack's input) appears, so that a long SQL query still shows the
// injection; without keep in s, the start is kept.
func clipAround(s, keep string, n int) string {
	if len(s) <= n {
		return s
	}
	i := -1
	if keep != "" {
		i = strings.Index(s, keep)
	}
	if i < 0 {
		return clip(s, n)
	}
	start := max(0, min(i-n/4, len(s)-n))
	for start > 0 && s[start]&0xC0 == 0x80 {
		start--
	}
	out := clip(s[start:], n)
	if start > 0 {
		out = "…" + out
	}
	return out
}
