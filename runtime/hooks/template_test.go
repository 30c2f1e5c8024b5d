package hooks

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	texttemplate "text/template"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// render runs the template hook around a text/template (no escaping: what
// reaches the page is what the input holds) rendering src with data.
func render(a *agent.Agent, req *reqctx.Request, src string, data any) (out string, buffered bool, err error) {
	var sink bytes.Buffer
	w, done := templateStart(a, req, &sink, "page")
	err = texttemplate.Must(texttemplate.New("page").Parse(src)).Execute(w, data)
	if done != nil {
		err = done(err)
	}
	return sink.String(), w != &sink, err
}

// The template fast path: a request none of whose inputs could be flagged
// by the XSS detector renders straight to the writer (no buffer, no
// check); one input that could be, wherever it comes from (query, header,
// cookie, form or JSON body, not parsed before the template), makes the
// page checked, and the attack blocked.
func TestTemplateCheckedOnlyForXSSInputs(t *testing.T) {
	const page = `<p>Hi {{.}}</p><a href={{.}}>back</a>`
	form := func(body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/p", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	json := func(body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/p", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	header := func(k, v string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/p", nil)
		r.Header.Set(k, v)
		return r
	}
	get := func(q string) *http.Request { return httptest.NewRequest(http.MethodGet, "/p?"+q, nil) }
	browser := get("id=7&ref=home&q=" + url.QueryEscape("go (2nd ed.): a > b; x=1"))
	for k, v := range map[string]string{
		"User-Agent":      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"Accept":          "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
		"Accept-Language": "en-US,en;q=0.9,fr;q=0.8",
		"Referer":         "https://shop.example/books?collection=summer&on_sale=1",
		"Sec-Ch-Ua":       `"Not_A Brand";v="8", "Chromium";v="120"`,
		"Cookie":          "session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl; theme=dark",
	} {
		browser.Header.Set(k, v)
	}
	tests := []struct {
		name     string
		r        *http.Request
		data     string // what the template prints
		buffered bool
		blocked  bool
	}{
		{"benign query", get("name=Ada&ref=home"), "Ada", false, false},
		{"benign browser request", browser, "Ada", false, false},
		{"tag in query", get("name=" + url.QueryEscape("<img src=x onerror=alert(1)>")), "<img src=x onerror=alert(1)>", true, true},
		{"script URL without <>\"'", get("u=" + url.QueryEscape("javascript:alert(1)")), "javascript:alert(1)", true, true},
		{"event handler without <>\"'", get("u=" + url.QueryEscape("x onmouseover=alert(1)")), "x onmouseover=alert(1)", true, true},
		{"tag in a header", header("X-Name", "<svg/onload=alert(1)>"), "<svg/onload=alert(1)>", true, true},
		{"tag in a cookie", header("Cookie", "n=<svg/onload=alert(1)>"), "<svg/onload=alert(1)>", true, true},
		{"tag in a form body", form("name=" + url.QueryEscape("<svg/onload=alert(1)>")), "<svg/onload=alert(1)>", true, true},
		{"tag in a JSON body", json(`{"name":"<svg/onload=alert(1)>"}`), "<svg/onload=alert(1)>", true, true},
		{"XSS input not printed", get("name=" + url.QueryEscape("<svg/onload=alert(1)>")), "Ada", true, false},
		{"benign form body", form("name=Ada"), "Ada", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTestAgent(t, false)
			_, req, rec, end := inFlightRequest(t, a, tt.r)
			defer end()
			out, buffered, err := render(a, req, page, tt.data)
			if buffered != tt.buffered {
				t.Errorf("page buffered = %v, want %v", buffered, tt.buffered)
			}
			if got := errors.Is(err, reqctx.ErrBlocked); got != tt.blocked {
				t.Fatalf("render error %v, want blocked = %v", err, tt.blocked)
			}
			if tt.blocked {
				if out != "" || rec.Code != http.StatusForbidden {
					t.Errorf("blocked page wrote %q, status %d; want nothing, 403", out, rec.Code)
				}
				return
			}
			if want := "<p>Hi " + tt.data + "</p><a href=" + tt.data + ">back</a>"; out != want {
				t.Errorf("page %q, want %q", out, want)
			}
		})
	}
}

// A template rule other than the XSS detector can match pages whatever
// the inputs: with one in force every page is checked.
func TestTemplateCustomRuleChecksEveryPage(t *testing.T) {
	a := newTestAgent(t, false)
	err := a.ReplaceRules("custom", map[string][]byte{"custom.yaml": []byte(`rules:
  - id: no-secrets-in-pages
    hook: template
    condition: template.output contains "BEGIN PRIVATE KEY"
    action: block
`)})
	if err != nil {
		t.Fatal(err)
	}
	_, req, _, end := inFlight(t, a, "/p?name=Ada")
	defer end()
	_, buffered, err := render(a, req, `<pre>{{.}}</pre>`, "-----BEGIN PRIVATE KEY-----")
	if !buffered || !errors.Is(err, reqctx.ErrBlocked) {
		t.Fatalf("buffered %v, error %v: want the page checked and blocked", buffered, err)
	}
}

// A template rendered after its request was blocked returns the block
// error, even for a request with benign inputs.
func TestTemplateAfterBlock(t *testing.T) {
	a := newTestAgent(t, false)
	r, req, _, end := inFlight(t, a, "/p?id="+url.QueryEscape("1 OR 1=1"))
	defer end()
	if err := SQLDialect(r.Context(), "postgresql", "SELECT * FROM t WHERE id = 1 OR 1=1"); !errors.Is(err, reqctx.ErrBlocked) {
		t.Fatalf("sql: %v, want a block", err)
	}
	if _, _, err := render(a, req, `<p>{{.}}</p>`, "Ada"); !errors.Is(err, reqctx.ErrBlocked) {
		t.Fatalf("template after a block: %v, want the block error", err)
	}
}
