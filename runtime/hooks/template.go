package hooks

import (
	"bytes"
	"io"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

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
