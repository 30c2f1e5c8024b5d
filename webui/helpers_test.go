package webui

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/backend/memory"
)

// testNow is the fixed clock of the handler tests.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const testPassword = "correct horse battery"

type fixture struct {
	t   *testing.T
	srv *Server
	m   *memory.Backend
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, Options{})
}

// newFixtureWith is newFixture with options (the clock and logger are set).
func newFixtureWith(t *testing.T, opts Options) *fixture {
	t.Helper()
	m := memory.New(memory.Options{Now: func() time.Time { return testNow }})
	ctx := context.Background()
	if _, err := memory.SeedDemo(ctx, m, testNow); err != nil {
		t.Fatal(err)
	}
	for _, u := range []backend.User{{Name: "alice", Role: backend.RoleAdmin}, {Name: "victor", Role: backend.RoleViewer}} {
		if err := m.CreateUser(ctx, u, testPassword, "test"); err != nil {
			t.Fatal(err)
		}
	}
	opts.Now = func() time.Time { return testNow }
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, srv: srv, m: m}
}

// client is a signed-in user: its cookies and its CSRF token.
type client struct {
	f       *fixture
	cookies []*http.Cookie
	csrf    string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", body)
	}
	return m[1]
}

func (f *fixture) do(req *http.Request, cookies []*http.Cookie) *httptest.ResponseRecorder {
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

// login signs in as name and returns the client, failing the test if it
// does not work.
func (f *fixture) login(name string) *client {
	t := f.t
	t.Helper()
	rec := f.do(httptest.NewRequest("GET", "/login", nil), nil)
	token := csrfOf(t, rec.Body.String())
	form := url.Values{"user": {name}, "password": {testPassword}, "csrf": {token}, "next": {"/"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = f.do(req, rec.Result().Cookies())
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login %s: status %d, body %s", name, rec.Code, rec.Body)
	}
	var cookies []*http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			cookies = append(cookies, c)
		}
	}
	c := &client{f: f, cookies: cookies}
	c.csrf = csrfOf(t, c.get("/").Body.String())
	return c
}

func (c *client) get(path string) *httptest.ResponseRecorder {
	return c.f.do(httptest.NewRequest("GET", path, nil), c.cookies)
}

// post sends a form; the client's CSRF token is added unless form has one.
func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.f.do(req, c.cookies)
}

func (c *client) postJSON(path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	return c.f.do(req, c.cookies)
}

// eventWithEvidence returns the id of a seeded event whose evidence is payload.
func (f *fixture) eventWithEvidence(payload string) string {
	f.t.Helper()
	evs, _, err := f.m.ListEvents(context.Background(), backend.EventFilter{}, backend.Page{Limit: 1000})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, e := range evs {
		if e.Evidence == payload {
			return e.ID
		}
	}
	f.t.Fatalf("no event with payload %q", payload)
	return ""
}

func httpRequest(method, path string) *http.Request {
	return httptest.NewRequest(method, path, nil)
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
