package hooks

// Temporary no-op implementations; the runtime replaces them.

import (
	"context"
	"io"
	"net/http"
)

func httpEnter(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request, func(), bool) {
	return w, r, nil, false
}
func sqlHook(ctx context.Context, driver any, query string) error           { return nil }
func sqlDialectHook(ctx context.Context, dialect, query string) error       { return nil }
func execHook(path string, argv []string) error                             { return nil }
func fileHook(op, path string, flag int) error                              { return nil }
func httpClientHook(req *http.Request) error                                { return nil }
func dialHook(ctx context.Context, network, address string) error           { return nil }
func templateBegin(w io.Writer, name string) (io.Writer, func(error) error) { return w, nil }
