package hooks

import (
	"os"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

func fileHook(op, path string, flag int) error {
	if !agent.InFlight() {
		return nil
	}
	return fileSlow(op, path, flag)
}

func fileSlow(op, path string, flag int) error {
	return fileCheck(agent.Current(), reqctx.OfGoroutine(), op, path, flag)
}

func fileCheck(a *agent.Agent, req *reqctx.Request, op, path string, flag int) error {
	if a == nil || req == nil || !a.Has(rules.File) {
		return nil
	}
	if constant(path) && a.ConstantUnmatched(agent.SinkFile, req) {
		return nil // os.ReadFile("templates/page.html")
	}
	return a.Check(rules.File, req, &rules.Input{File: &rules.FileSink{Op: fileOp(op, flag), Path: path}})
}

// fileOp refines "open" by its flags: "create" with O_CREATE, "write"
// when opened for writing, "open" for reading.
func fileOp(op string, flag int) string {
	if op != "open" {
		return op
	}
	switch {
	case flag&os.O_CREATE != 0:
		return "create"
	case flag&(os.O_WRONLY|os.O_RDWR|os.O_APPEND|os.O_TRUNC) != 0:
		return "write"
	}
	return "open"
}
