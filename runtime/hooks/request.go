package hooks

import (
	"context"
	"io"
	"net/http"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// This file holds what every protected request runs of the hooks, in the
// order it runs them, so that they share a page of code (see the
// agent's request.go). SQL stays with the contract in hooks.go: the
// testscripts' recorder replaces every other file.

// middlewareEnter is HTTPEnter: the request is served as a copy carrying
// the request context (see agent.Enter). It is a function of this file,
// not of the contract's, so that the testscripts' recorder replaces it
// with the other hook implementations.
func middlewareEnter(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request, func(), bool) {
	a := agent.Current()
	if a == nil {
		return w, r, nil, false
	}
	return a.Enter(w, r)
}

// httpEnter is HTTPEnter for net/http's own entry, which hands over the
// server's cancel of r's context, or nil ((*response).cancelCtx, so that
// the agent cancels a blocked request with it rather than deriving a
// cancellable context of its own), and r's context field, which the
// agent sets in place instead of serving a copy of r (see
// agent.EnterServer).
func httpEnter(w http.ResponseWriter, r *http.Request, cancel func(), ctx *context.Context) (http.ResponseWriter, func(), bool) {
	a := agent.Current()
	if a == nil {
		return w, nil, false
	}
	return a.EnterServer(w, r, cancel, ctx)
}

func sqlHook(ctx context.Context, driver any, query string) error {
	if !agent.InFlight() {
		return nil
	}
	return sqlSlow(ctx, driver, query)
}

func sqlSlow(ctx context.Context, driver any, query string) error {
	a, req := agent.Current(), reqctx.Current(ctx)
	if a == nil || req == nil || !a.Has(rules.SQL) {
		// A query outside any request (a background job while requests
		// run elsewhere): no dialect lookup.
		return nil
	}
	if constant(query) && a.ConstantUnmatched(agent.SinkSQL, req) {
		return nil // written in the program: no input can be in it
	}
	return sqlCheck(a, req, driver, "", query)
}

func templateBegin(w io.Writer, name string) (io.Writer, func(error) error) {
	if !agent.InFlight() {
		return w, nil
	}
	agent.PrefetchPage()
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
