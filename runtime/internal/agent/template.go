package agent

import (
	"fmt"

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
	if !set.TemplateXSSOnly() {
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
	} else if some, ok := rules.AnyRawInput(req.RawQuery, req.Header, xssInput); ok {
		// Straight from the raw query and header: the view, and its list
		// of the inputs, only when that cannot tell.
		return some
	}
	return viewOf(req).xssInputs()
}

// xssInput is rasp.XSSInput for rules.AnyRawInput.
func xssInput(v string, _ bool) bool { return rasp.XSSInput(v) }
