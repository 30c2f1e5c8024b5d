package webui

import (
	"crypto/rand"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// Options configure the dashboard. The zero value works for one replica
// (a random session key); set SessionKey when several replicas serve it.
type Options struct {
	// SessionKey signs session cookies (when the backend keeps no sessions,
	// or CookieSessions is set); at least 32 bytes. Empty: a random key, so
	// such sessions end with the process and are valid on this replica only.
	SessionKey []byte
	// CookieSessions keeps sessions in signed cookies even when the backend
	// implements backend.Sessions.
	CookieSessions bool
	// SessionTTL is how long a login lasts (default 12h).
	SessionTTL time.Duration
	// StaleAfter is how long after its last heartbeat an instance is shown
	// as stale (default 1 minute: three missed 20 s heartbeats).
	StaleAfter time.Duration
	// LivePoll is how often the live feed looks for new events (default 2s).
	LivePoll time.Duration
	// LiveMaxDuration ends a live feed connection after this long; the
	// browser reconnects by itself (default 5 minutes).
	LiveMaxDuration time.Duration
	// Now returns the current time (default time.Now); tests set it.
	Now func() time.Time
	// Logger receives internal errors, which are never shown to users
	// (default slog.Default()).
	Logger *slog.Logger
}

// Server is the dashboard's http.Handler.
type Server struct {
	b      backend.Backend
	opts   Options
	sign   signer
	pages  map[string]*template.Template
	mux    http.Handler
	login  *throttle
	stored backend.Sessions // nil: signed cookie sessions
}

// New returns the dashboard serving b. It fails only on a bad option (a
// SessionKey shorter than 32 bytes).
func New(b backend.Backend, opts Options) (*Server, error) {
	if b == nil {
		return nil, errors.New("webui: nil backend")
	}
	if len(opts.SessionKey) == 0 {
		opts.SessionKey = make([]byte, 32)
		rand.Read(opts.SessionKey)
	}
	if len(opts.SessionKey) < 32 {
		return nil, fmt.Errorf("webui: SessionKey has %d bytes, want at least 32", len(opts.SessionKey))
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.StaleAfter <= 0 {
		opts.StaleAfter = time.Minute
	}
	if opts.LivePoll <= 0 {
		opts.LivePoll = 2 * time.Second
	}
	if opts.LiveMaxDuration <= 0 {
		opts.LiveMaxDuration = 5 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	pages, err := parsePages()
	if err != nil {
		return nil, fmt.Errorf("webui: %w", err)
	}
	s := &Server{b: b, opts: opts, sign: signer{key: opts.SessionKey}, pages: pages, login: newThrottle()}
	if st, ok := b.(backend.Sessions); ok && !opts.CookieSessions {
		s.stored = st
	}
	s.mux = s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// routes is the table of every page and action of the dashboard.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.signIn)
	mux.Handle("POST /logout", s.anyRole(s.logout))

	mux.Handle("GET /{$}", s.read(s.overview))
	mux.Handle("GET /events", s.read(s.events))
	mux.Handle("GET /events/live", s.read(s.live))
	mux.Handle("GET /events/export", s.read(s.export))
	mux.Handle("GET /events/{id}", s.read(s.event))
	mux.Handle("GET /apps", s.read(s.apps))
	mux.Handle("GET /apps/{id}", s.read(s.app))
	mux.Handle("GET /apps/{id}/settings", s.read(s.settings))
	mux.Handle("POST /apps/{id}/settings", s.write(s.saveSettings))
	mux.Handle("GET /vulns", s.read(s.vulns))

	mux.Handle("GET /rules", s.read(s.rules))
	mux.Handle("GET /rules/new", s.read(s.ruleEditor))
	mux.Handle("GET /rules/{id}", s.read(s.ruleEditor))
	mux.Handle("POST /rules", s.write(s.saveRule))
	mux.Handle("POST /rules/{id}/toggle", s.write(s.toggleRule))
	mux.Handle("POST /rules/check", s.anyRole(s.checkRule))
	mux.Handle("POST /rules/test", s.anyRole(s.testRule))

	mux.Handle("GET /blocks", s.read(s.blocks))
	mux.Handle("POST /blocks", s.write(s.createBlock))
	mux.Handle("POST /blocks/{id}/delete", s.write(s.deleteBlock))
	mux.Handle("GET /playbooks", s.read(s.playbooks))
	mux.Handle("GET /playbooks/new", s.read(s.playbook))
	mux.Handle("GET /playbooks/{id}", s.read(s.playbook))
	mux.Handle("POST /playbooks", s.write(s.savePlaybook))
	mux.Handle("POST /playbooks/check", s.anyRole(s.checkPlaybook))

	mux.Handle("GET /users", s.admin(s.users))
	mux.Handle("POST /users", s.write(s.createUser))
	mux.Handle("POST /users/{name}/delete", s.write(s.deleteUser))
	mux.Handle("GET /tokens", s.admin(s.tokens))
	mux.Handle("POST /tokens", s.write(s.createToken))
	mux.Handle("POST /tokens/{id}/revoke", s.write(s.revokeToken))
	mux.Handle("GET /webhooks", s.admin(s.webhooks))
	mux.Handle("POST /webhooks", s.write(s.createWebhook))
	mux.Handle("GET /webhooks/{id}", s.admin(s.deliveries))
	mux.Handle("POST /webhooks/{id}/delete", s.write(s.deleteWebhook))
	mux.Handle("GET /audit", s.read(s.audit))

	cop := http.NewCrossOriginProtection()
	return securityHeaders(cop.Handler(mux))
}
