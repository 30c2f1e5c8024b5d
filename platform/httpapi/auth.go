package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// handlerFunc is an authenticated handler; a returned error is written by
// writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request, u backend.User) error

var (
	errNoToken   = errors.New("missing API token (Authorization: Bearer <token>)")
	errBadToken  = errors.New("invalid API token")
	errForbidden = errors.New("this token's role cannot change anything")
	errNoRoute   = errors.New("no such endpoint")
)

// guard authenticates the bearer token; when change, it also requires the
// admin role.
func (a *API) guard(fn handlerFunc, change bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			a.writeError(w, r, errNoToken)
			return
		}
		u, err := a.b.AuthenticateToken(r.Context(), token)
		if err != nil {
			if !errors.Is(err, backend.ErrBadCredentials) {
				a.writeError(w, r, err)
				return
			}
			a.writeError(w, r, errBadToken)
			return
		}
		if change && !u.Role.CanEdit() {
			a.writeError(w, r, errForbidden)
			return
		}
		if err := fn(w, r, u); err != nil {
			a.writeError(w, r, err)
		}
	})
}

// actor is how the audit log names a change made through the API.
func actor(u backend.User) string { return "api:" + u.Name }

// auditLog records a change; a failure to record is logged, not returned.
func (a *API) auditLog(r *http.Request, u backend.User, action, target, detail string) {
	err := a.b.Audit(r.Context(), backend.AuditEntry{Time: a.opts.Now(), Actor: actor(u),
		Action: action, Target: target, Detail: detail})
	if err != nil {
		a.opts.Logger.Error("httpapi: audit", "action", action, "err", err)
	}
}
