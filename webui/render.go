package webui

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/sqreen-go/sqreen/webui/backend"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageData is what every template gets; Data is the page's own value.
type pageData struct {
	Title   string
	Nav     string // name of the active menu entry
	User    string
	Role    backend.Role
	CanEdit bool
	CSRF    string
	Data    any
}

// parsePages parses layout.html with each page template.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// render executes page into a buffer first, so that a template error becomes
// a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, rc reqCtx, status int, page, title string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.opts.Logger.Error("webui: no such page template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	pd := pageData{Title: title, Nav: page, User: rc.sess.User, Role: rc.sess.Role,
		CanEdit: rc.canEdit(), CSRF: rc.csrf, Data: data}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", pd); err != nil {
		s.opts.Logger.Error("webui: render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// statusOf maps an error to the status and the message users see. Internal
// errors get a generic message; their text goes to the log only.
func statusOf(err error) (int, string) {
	var in *backend.InputError
	switch {
	case errors.As(err, &in):
		return http.StatusBadRequest, in.Error()
	case errors.Is(err, backend.ErrNotFound):
		return http.StatusNotFound, "Not found."
	case errors.Is(err, errForbidden):
		return http.StatusForbidden, "Only admins can do this."
	case errors.Is(err, errBadCSRF):
		return http.StatusForbidden, "This form expired or did not come from the dashboard; reload the page and try again."
	default:
		return http.StatusInternalServerError, "Something went wrong on our side; it was logged."
	}
}

func (s *Server) showError(w http.ResponseWriter, r *http.Request, rc reqCtx, err error) {
	status, msg := statusOf(err)
	if status == http.StatusInternalServerError {
		s.opts.Logger.Error("webui: request failed", "path", r.URL.Path, "err", err)
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	s.render(w, r, rc, status, "error", "Error", msg)
}

func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded folder exists at compile time
	}
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}
