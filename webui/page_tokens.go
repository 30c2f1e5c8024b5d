package webui

import (
	"net/http"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type tokensData struct {
	Tokens []backend.Token
	// New is the token just created, and Secret its value, shown this once.
	New    *backend.Token
	Secret string
}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	return s.renderTokens(w, r, rc, tokensData{})
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, rc reqCtx, d tokensData) error {
	var err error
	if d.Tokens, err = s.b.ListTokens(r.Context()); err != nil {
		return err
	}
	s.render(w, r, rc, http.StatusOK, "tokens", "API tokens", d)
	return nil
}

// createToken shows the new token's secret in the response to the POST
// itself (never in a URL or a later page).
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	t, secret, err := s.b.CreateToken(r.Context(), r.PostFormValue("name"), backend.Role(r.PostFormValue("role")), rc.sess.User)
	if err != nil {
		return err
	}
	return s.renderTokens(w, r, rc, tokensData{New: &t, Secret: secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	if err := s.b.RevokeToken(r.Context(), r.PathValue("id"), rc.sess.User); err != nil {
		return err
	}
	http.Redirect(w, r, "/tokens", http.StatusSeeOther)
	return nil
}
