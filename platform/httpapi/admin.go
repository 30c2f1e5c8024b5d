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

func (a *API) webhooks(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	ws, err := a.b.ListWebhooks(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ws, len(ws), backend.Page{Limit: len(ws)}))
	return nil
}

type webhookInput struct {
	AppID  string   `json:"app_id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// newWebhook is the answer to a webhook creation: the only time its signing
// secret is returned.
type newWebhook struct {
	backend.Webhook
	Secret string `json:"secret"`
}

func (a *API) createWebhook(w http.ResponseWriter, r *http.Request, u backend.User) error {
	var in webhookInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	hook, secret, err := a.b.CreateWebhook(r.Context(), backend.Webhook{AppID: in.AppID, URL: in.URL, Events: in.Events}, actor(u))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, newWebhook{Webhook: hook, Secret: secret})
	return nil
}

func (a *API) deleteWebhook(w http.ResponseWriter, r *http.Request, u backend.User) error {
	if err := a.b.DeleteWebhook(r.Context(), r.PathValue("id"), actor(u)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) deliveries(w http.ResponseWriter, r *http.Request, _ backend.User) error {
	p, err := pageOf(r.URL.Query())
	if err != nil {
		return err
	}
	ds, total, err := a.b.Deliveries(r.Context(), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ds, total, p))
	return nil
}
