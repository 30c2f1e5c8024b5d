package webui

import (
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func (s *Server) users(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	us, err := s.b.ListUsers(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, rc, http.StatusOK, "users", "Users", us)
	return nil
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	u := backend.User{Name: r.PostFormValue("name"), Role: backend.Role(r.PostFormValue("role"))}
	if err := s.b.CreateUser(r.Context(), u, r.PostFormValue("password"), rc.sess.User); err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	name := r.PathValue("name")
	if name == rc.sess.User {
		return backend.Invalid("name", "you cannot delete yourself")
	}
	if err := s.b.DeleteUser(r.Context(), name, rc.sess.User); err != nil {
		return err
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
	return nil
}

type auditData struct {
	Filter  backend.AuditFilter
	Entries []backend.AuditEntry
	Pager   pager
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	q := r.URL.Query()
	d := auditData{Filter: backend.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action")}}
	p := pageOf(q)
	var total int
	var err error
	if d.Entries, total, err = s.b.ListAudit(r.Context(), d.Filter, p); err != nil {
		return err
	}
	d.Pager = newPager("/audit", q, p, len(d.Entries), total)
	s.render(w, r, rc, http.StatusOK, "audit", "Audit log", d)
	return nil
}
