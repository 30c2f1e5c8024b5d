package agent

import (
	"fmt"
	"net/http"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// checkResponse runs the response rules on the status and headers the
// handler is about to send, and reports whether to send the block page
// instead. The response writer calls it with its lock held, so it stops
// the request with MarkBlocked rather than through the writer.
func (a *Agent) checkResponse(req *reqctx.Request, status int, h http.Header) (block bool) {
	defer func() {
		if p := recover(); p != nil {
			a.metrics.add(CounterPanics, 1)
			a.log.once("panic", "sqreen: recovered from a panic in the response check", "panic", fmt.Sprint(p))
			block = false
		}
	}()
	set := a.rules.Load().set
	if req.Exempt || req.Blocked() != nil || !set.Has(rules.Response) {
		return false
	}
	headers := make(map[string][]string, len(h))
	for k, vs := range h {
		headers[rules.LowerHeader(k)] = vs
	}
	in := &rules.Input{Request: ruleRequest(set, req), Response: &rules.ResponseInfo{Status: status, Headers: headers}}
	res := set.Eval(rules.Response, in, &req.Budget)
	a.metrics.hook(string(rules.Response)).Record(res.Elapsed)
	if res.Skipped > 0 {
		a.metrics.add(CounterBudgetOverruns, 1)
		a.metrics.add(CounterChecksSkipped, uint64(res.Skipped))
	}
	a.metrics.add(CounterPanics, uint64(res.Panics))
	var stop *reqctx.BlockError
	for _, m := range res.Matches {
		act := a.action(m.RuleID, m.Action)
		a.reportAttack(rules.Response, req, m, act, "")
		if act == rules.Block && stop == nil {
			stop = &reqctx.BlockError{RuleID: m.RuleID, HookPoint: string(rules.Response)}
		}
	}
	if stop == nil || !req.MarkBlocked(stop) {
		return false
	}
	a.metrics.add(CounterBlocked, 1)
	return true
}
