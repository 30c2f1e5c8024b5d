package hooks

import (
	"net/http"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
)

// httpEnter is HTTPEnter with the server's own cancel of r's context, or
// nil: net/http's entry hands over (*response).cancelCtx, so that the
// agent cancels a blocked request with it rather than deriving a
// cancellable context of its own (see agent.EnterCancel).
func httpEnter(w http.ResponseWriter, r *http.Request, cancel func()) (http.ResponseWriter, *http.Request, func(), bool) {
	a := agent.Current()
	if a == nil {
		return w, r, nil, false
	}
	return a.EnterCancel(w, r, cancel)
}
