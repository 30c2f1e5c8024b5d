package respond

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Page is the response written when a request is blocked.
type Page struct {
	// Status is the HTTP status, 403 by default.
	Status int
	// HTML is the body sent to clients that accept text/html (and to those
	// that accept neither HTML nor JSON). Empty means a short built-in page.
	HTML string
	// Redirect, when set, answers 303 See Other to this URL instead.
	Redirect string
}

const defaultHTML = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Request blocked</title></head>
<body><h1>Request blocked</h1><p>This request was blocked by the application's security policy.</p></body></html>
`

const jsonBody = `{"error":"request blocked by the application's security policy"}` + "\n"

// DefaultPage returns the built-in 403 page.
func DefaultPage() *Page { return &Page{Status: http.StatusForbidden} }

// Validate checks the page's fields and names the bad one.
func (p *Page) Validate() error {
	if p.Status != 0 && (p.Status < 200 || p.Status > 599) {
		return fmt.Errorf("block page status %d: want 200-599", p.Status)
	}
	if p.Redirect != "" {
		u, err := url.Parse(p.Redirect)
		if err != nil {
			return fmt.Errorf("block page redirect %q: %w", p.Redirect, err)
		}
		if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return fmt.Errorf("block page redirect %q: scheme must be http or https", p.Redirect)
		}
	}
	return nil
}

// write sends the page to w for a client whose Accept header is accept and
// returns the status it sent.
func (p *Page) write(w http.ResponseWriter, accept string) int {
	h := w.Header()
	// The handler's headers describe its response, not this one.
	for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Disposition", "Etag", "Last-Modified", "Location"} {
		h.Del(k)
	}
	h.Set("Cache-Control", "no-store")
	if p.Redirect != "" {
		h.Set("Location", p.Redirect)
		w.WriteHeader(http.StatusSeeOther)
		return http.StatusSeeOther
	}
	status := p.Status
	if status == 0 {
		status = http.StatusForbidden
	}
	body := p.HTML
	if body == "" {
		body = defaultHTML
	}
	ctype := "text/html; charset=utf-8"
	if prefersJSON(accept) {
		body, ctype = jsonBody, "application/json"
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
	return status
}

// prefersJSON reports whether an Accept header ranks JSON above HTML.
func prefersJSON(accept string) bool {
	var jsonQ, htmlQ float64 = -1, -1
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch {
		case mt == "application/json" || strings.HasSuffix(mt, "+json"):
			jsonQ = max(jsonQ, q)
		case mt == "text/html":
			htmlQ = max(htmlQ, q)
		}
	}
	return jsonQ > 0 && jsonQ > htmlQ
}
