package agent

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/cspreport"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// maxCSPReport bounds the body read from a CSP report request.
const maxCSPReport = 16 << 10

// serveCSPReport answers the CSP report endpoint: each violation becomes a
// KindCSP event, rate limited on its own so that report spam cannot crowd
// attack events out.
func (a *Agent) serveCSPReport(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCSPReport+1))
	if err != nil || len(body) > maxCSPReport {
		http.Error(w, "bad report", http.StatusBadRequest)
		return
	}
	vs, err := cspreport.Parse(r.Header.Get("Content-Type"), body)
	if err != nil {
		http.Error(w, "bad report", http.StatusBadRequest)
		return
	}
	ip := reqctx.ClientIP(r, a.cfg.TrustedProxies)
	for _, v := range vs {
		now := time.Now()
		if !a.reports.allow(now) {
			a.metrics.add(CounterEventsLimited, 1)
			continue
		}
		props := map[string]any{
			"document_uri":        a.scrub.ScrubValue("document_uri", v.DocumentURI),
			"violated_directive":  v.ViolatedDirective,
			"effective_directive": v.EffectiveDirective,
			"blocked_uri":         a.scrub.ScrubValue("blocked_uri", v.BlockedURI),
			"source_file":         a.scrub.ScrubValue("source_file", v.SourceFile),
			"line":                strconv.Itoa(v.Line),
			"disposition":         v.Disposition,
		}
		e := Event{Kind: KindCSP, Time: now, Name: "csp-violation", Properties: props,
			Request: &RequestSummary{Method: r.Method, Path: r.URL.Path, UserAgent: r.UserAgent()}}
		if ip.IsValid() {
			e.Request.ClientIP = ip.String()
		}
		a.queue(e)
	}
	w.WriteHeader(http.StatusNoContent)
}
