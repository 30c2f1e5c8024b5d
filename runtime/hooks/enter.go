package hooks

import (
	"context"
	"net/http"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
)

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
