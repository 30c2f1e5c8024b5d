package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// Options configure the API. The zero value is ready to use.
type Options struct {
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// Logger receives internal errors (default slog.Default()).
	Logger *slog.Logger
}

// API is the /api/v1/ handler.
type API struct {
	b    backend.Backend
	opts Options
	mux  *http.ServeMux
}

// New returns the API serving b.
func New(b backend.Backend, opts Options) (*API, error) {
	if b == nil {
		return nil, errors.New("httpapi: nil backend")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &API{b: b, opts: opts, mux: http.NewServeMux()}
	a.routes()
	return a, nil
}

// ServeHTTP implements http.Handler.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	a.mux.ServeHTTP(w, r)
}

// routes is the table of every endpoint; doc.go lists them for people.
func (a *API) routes() {
	read := func(pattern string, fn handlerFunc) { a.mux.Handle(pattern, a.guard(fn, false)) }
	write := func(pattern string, fn handlerFunc) { a.mux.Handle(pattern, a.guard(fn, true)) }
	const v = "/api/v1"

	read("GET "+v+"/overview", a.overview)
	read("GET "+v+"/events", a.events)
	read("GET "+v+"/events/export", a.exportEvents)
	read("GET "+v+"/events/{id}", a.event)
	read("GET "+v+"/apps", a.apps)
	read("GET "+v+"/apps/{id}", a.app)
	read("GET "+v+"/apps/{id}/instances", a.instances)
	read("GET "+v+"/apps/{id}/inventory", a.inventory)
	read("GET "+v+"/apps/{id}/dependency-vulns", a.dependencyVulns)
	read("GET "+v+"/apps/{id}/settings", a.settings)
	write("PUT "+v+"/apps/{id}/settings", a.saveSettings)
	read("GET "+v+"/vulnerabilities", a.vulnerabilities)

	read("GET "+v+"/rules", a.rules)
	write("POST "+v+"/rules", a.saveRule)
	read("GET "+v+"/rules/{id}", a.rule)
	read("GET "+v+"/rules/{id}/history", a.ruleHistory)
	read("POST "+v+"/rules/check", a.checkRule) // changes nothing: viewers may
	read("POST "+v+"/rules/test", a.testRule)

	read("GET "+v+"/blocks", a.blocks)
	write("POST "+v+"/blocks", a.createBlock)
	write("DELETE "+v+"/blocks/{id}", a.deleteBlock)
	read("GET "+v+"/playbooks", a.playbooks)
	write("POST "+v+"/playbooks", a.savePlaybook)
	read("POST "+v+"/playbooks/check", a.checkPlaybook)
	read("GET "+v+"/playbooks/{id}", a.playbook)
	read("GET "+v+"/firings", a.firings)

	write("GET "+v+"/users", a.users) // user names are for admins only
	write("POST "+v+"/users", a.createUser)
	write("DELETE "+v+"/users/{name}", a.deleteUser)
	write("GET "+v+"/tokens", a.tokens)
	write("POST "+v+"/tokens", a.createToken)
	write("DELETE "+v+"/tokens/{id}", a.revokeToken)
	write("GET "+v+"/webhooks", a.webhooks) // URLs may hold secrets: admins only
	write("POST "+v+"/webhooks", a.createWebhook)
	write("DELETE "+v+"/webhooks/{id}", a.deleteWebhook)
	write("GET "+v+"/webhooks/{id}/deliveries", a.deliveries)
	read("GET "+v+"/audit", a.audit)

	a.mux.Handle(v+"/", a.guard(func(w http.ResponseWriter, r *http.Request, _ backend.User) error {
		return errNoRoute
	}, false))
}
