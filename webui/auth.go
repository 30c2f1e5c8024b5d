package webui

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// reqCtx is what every signed-in handler gets: who asks, and the CSRF token
// to put in the forms it renders.
type reqCtx struct {
	sess session
	csrf string
}

func (rc reqCtx) canEdit() bool { return rc.sess.Role.CanEdit() }

// handlerFunc is a signed-in handler; a returned error is shown by showError.
type handlerFunc func(w http.ResponseWriter, r *http.Request, rc reqCtx) error

// errForbidden is returned when a viewer tries an admin action.
var errForbidden = errors.New("forbidden")

// errBadCSRF is returned when a change comes without a valid CSRF token.
var errBadCSRF = errors.New("missing or invalid CSRF token")

func randomNonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// current returns the valid session of r, if any.
func (s *Server) current(r *http.Request) (session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return session{}, false
	}
	if s.stored != nil {
		u, err := s.stored.SessionUser(r.Context(), c.Value)
		if err != nil {
			if !errors.Is(err, backend.ErrBadCredentials) {
				s.opts.Logger.Error("webui: session", "err", err)
			}
			return session{}, false
		}
		return session{User: u.Name, Role: u.Role, Nonce: c.Value}, true
	}
	var sess session
	if s.sign.decode("session", c.Value, &sess) != nil || !sess.valid(s.opts.Now()) {
		return session{}, false
	}
	return sess, true
}

// guard wraps fn: a session is required; when admin, the admin role too; when
// change, a valid CSRF token too.
func (s *Server) guard(fn handlerFunc, admin, change bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.current(r)
		if !ok {
			if r.Method == http.MethodGet && r.Header.Get("Accept") != "text/event-stream" {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, "not signed in", http.StatusUnauthorized)
			return
		}
		rc := reqCtx{sess: sess, csrf: csrfToken(sess.Nonce)}
		var err error
		switch {
		case change && !checkCSRF(sess.Nonce, csrfFrom(r)):
			err = errBadCSRF
		case admin && !sess.Role.CanEdit():
			err = errForbidden
		default:
			err = fn(w, r, rc)
		}
		if err != nil {
			s.showError(w, r, rc, err)
		}
	})
}

func (s *Server) read(fn handlerFunc) http.Handler    { return s.guard(fn, false, false) }
func (s *Server) admin(fn handlerFunc) http.Handler   { return s.guard(fn, true, false) }
func (s *Server) write(fn handlerFunc) http.Handler   { return s.guard(fn, true, true) }
func (s *Server) anyRole(fn handlerFunc) http.Handler { return s.guard(fn, false, true) }

// csrfFrom reads the token from the X-CSRF-Token header or the csrf field.
func csrfFrom(r *http.Request) string {
	if t := r.Header.Get("X-CSRF-Token"); t != "" {
		return t
	}
	return r.PostFormValue("csrf")
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge / time.Second),
		Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
}

type loginData struct {
	Next  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	nonce := randomNonce()
	s.setCookie(w, loginCookie, nonce, 10*time.Minute)
	s.render(w, r, reqCtx{csrf: csrfToken(nonce)}, status, "login", "Sign in", d)
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCookie)
	if err != nil || !checkCSRF(c.Value, r.PostFormValue("csrf")) {
		s.renderLogin(w, r, http.StatusForbidden, loginData{Error: "Your sign-in form expired; please try again."})
		return
	}
	next := safeNext(r.PostFormValue("next"))
	name, now := r.PostFormValue("user"), s.opts.Now()
	if s.login.blocked(name, now) {
		s.renderLogin(w, r, http.StatusTooManyRequests, loginData{Next: next,
			Error: "Too many failed sign-ins for this user; try again in 15 minutes."})
		return
	}
	u, err := s.b.Login(r.Context(), name, r.PostFormValue("password"))
	if err != nil {
		if !errors.Is(err, backend.ErrBadCredentials) {
			s.opts.Logger.Error("webui: login", "err", err)
		} else {
			s.login.fail(name, now)
		}
		s.renderLogin(w, r, http.StatusUnauthorized, loginData{Next: next, Error: "Wrong user name or password."})
		return
	}
	s.login.succeed(name)
	v, err := s.newSession(r, u)
	if err != nil {
		s.showError(w, r, reqCtx{}, err)
		return
	}
	s.setCookie(w, sessionCookie, v, s.opts.SessionTTL)
	s.setCookie(w, loginCookie, "", -1)
	s.auditLog(r, u.Name, "session.login", u.Name, "")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// newSession starts a session for u and returns the session cookie's value.
func (s *Server) newSession(r *http.Request, u backend.User) (string, error) {
	if s.stored != nil {
		return s.stored.CreateSession(r.Context(), u.Name, s.opts.SessionTTL)
	}
	return s.sign.encode("session", session{User: u.Name, Role: u.Role, Nonce: randomNonce(),
		Expires: s.opts.Now().Add(s.opts.SessionTTL).Unix()})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, rc reqCtx) error {
	if s.stored != nil {
		if err := s.stored.DeleteSession(r.Context(), rc.sess.Nonce); err != nil {
			return err
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps only local paths, so that the login form cannot redirect
// elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// auditLog records a change; a failure to record is logged, not shown.
func (s *Server) auditLog(r *http.Request, actor, action, target, detail string) {
	err := s.b.Audit(r.Context(), backend.AuditEntry{Time: s.opts.Now(), Actor: actor,
		Action: action, Target: target, Detail: detail})
	if err != nil {
		s.opts.Logger.Error("webui: audit", "action", action, "err", err)
	}
}
