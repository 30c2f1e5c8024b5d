package agent

import (
	"fmt"
	"strings"

	"github.com/sqreen-go/sqreen/engine/rasp"
	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

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
	if !xssOnly(set) {
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
	}
	// From the raw request first (see rawRequest): the view, and its
	// list of the inputs, only when that cannot tell.
	var raw rules.Request
	rawRequest(req, &raw)
	if some, ok := raw.AnyRawInput(rasp.XSSInput); ok {
		return some
	}
	return viewOf(req).xssInputs()
}

// xssCondition is the condition of the built-in template rule.
const xssCondition = "template_xss(template.output)"

// templateFacts caches, for the last rule set seen, whether every
// template rule of it is an xssCondition rule.
type templateFacts struct {
	set     *rules.Set
	xssOnly bool
}

// xssOnly reports whether every enabled template rule of set has the
// condition xssCondition (blanks aside): then no template rule can match
// a page unless an input of the request is a rasp.XSSInput. It is
// computed once per rule set.
func xssOnly(set *rules.Set) bool {
	if f := registry.templateFacts.Load(); f != nil && f.set == set {
		return f.xssOnly
	}
	only := true
	for _, r := range set.Rules() {
		if r.Hook == rules.Template && !r.Disabled && strings.Join(strings.Fields(r.Condition), "") != xssCondition {
			only = false
		}
	}
	registry.templateFacts.Store(&templateFacts{set: set, xssOnly: only})
	return only
}
