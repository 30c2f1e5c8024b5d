package hooks

import (
	"net/http"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
)

func httpEnter(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request, func(), bool) {
	a := agent.Current()
	if a == nil {
		return w, r, nil, false
	}
	return a.Enter(w, r)
}
