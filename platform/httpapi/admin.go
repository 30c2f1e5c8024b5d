package httpapi

import (
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func (a *API) users(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	us, err := a.b.ListUsers(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(us, len(us), backend.Page{Limit: len(us)}))
	return nil
}

type userInput struct {
	Name     string       `json:"name"`
	Role     backend.Role `json:"role"`
	Password string       `json:"password"`
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request, u backend.User) error {
	var in userInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := a.b.CreateUser(r.Context(), backend.User{Name: in.Name, Role: in.Role}, in.Password, actor(u)); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, backend.User{Name: in.Name, Role: in.Role})
	return nil
}

func (a *API) deleteUser(w http.ResponseWriter, r *http.Request, u backend.User) error {
	name := r.PathValue("name")
	if name == u.Name {
		return backend.Invalid("name", "a token cannot delete its own user")
	}
	if err := a.b.DeleteUser(r.Context(), name, actor(u)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) audit(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	q := r.URL.Query()
	p, err := pageOf(q)
	if err != nil {
		return err
	}
	es, total, err := a.b.ListAudit(r.Context(), backend.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action")}, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(es, total, p))
	return nil
}

func (a *API) tokens(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	ts, err := a.b.ListTokens(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ts, len(ts), backend.Page{Limit: len(ts)}))
	return nil
}

type tokenInput struct {
	Name string       `json:"name"`
	Role backend.Role `json:"role"`
}

// newToken is the answer to a token creation: the only time the secret is
// returned.
type newToken struct {
	backend.Token
	Secret string `json:"secret"`
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request, u backend.User) error {
	var in tokenInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, secret, err := a.b.CreateToken(r.Context(), in.Name, in.Role, actor(u))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, newToken{Token: t, Secret: secret})
	return nil
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, u backend.User) error {
	if err := a.b.RevokeToken(r.Context(), r.PathValue("id"), actor(u)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
