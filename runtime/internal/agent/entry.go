package agent

import (
	"net/http"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

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

// entry is the state of one protected request, allocated at once: 472
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
