package hooks

import (
	"bytes"
	"io"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

func templateBegin(w io.Writer, name string) (io.Writer, func(error) error) {
	if !agent.InFlight() {
		return w, nil
	}
	return templateSlow(w, name)
}

// templateSlow buffers the template's output when the agent says it must
// be checked (a request is in flight, a template rule exists and, for the
// built-in XSS rule, an input of the request could attack a page: see
// agent.CheckTemplate); the returned function checks the output and writes
// it to w unless it must be blocked. Otherwise the template writes to w
// directly.
func templateSlow(w io.Writer, name string) (io.Writer, func(error) error) {
	a, req := agent.Current(), reqctx.OfGoroutine()
	if a == nil || req == nil || !a.CheckTemplate(req) {
		return w, nil
	}
	return templateBuffer(a, req, w, name)
}

// templateBuffer is templateSlow once the output is to be checked.
func templateBuffer(a *agent.Agent, req *reqctx.Request, w io.Writer, name string) (io.Writer, func(error) error) {
	buf := new(bytes.Buffer)
	return buf, func(execErr error) error {
		in := &rules.Input{Template: &rules.TemplateSink{Name: name, Output: buf.String()}}
		if err := a.Check(rules.Template, req, in); err != nil {
			return err
		}
		if _, err := buf.WriteTo(w); err != nil && execErr == nil {
			return err
		}
		return execErr
	}
}
