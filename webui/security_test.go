package webui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend/memory"
)

func TestCSRFRejected(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	other := f.login("alice") // a second session of the same user: its token must not work here
	form := func(token string) url.Values {
		return url.Values{"kind": {"ip"}, "value": {"1.2.3.4"}, "duration": {"1h"}, "csrf": {token}}
	}
	for name, token := range map[string]string{
		"missing":          "",
		"garbage":          "not-a-token",
		"other session":    other.csrf,
		"truncated":        admin.csrf[:len(admin.csrf)-2],
		"login-form token": csrfOf(t, f.do(httpRequest("GET", "/login"), nil).Body.String()),
	} {
		rec := admin.post("/blocks", form(token))
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "did not come from the dashboard") {
			t.Errorf("%s token: status %d", name, rec.Code)
		}
	}
	// The JSON endpoints read the header instead.
	req := httpRequest("POST", "/rules/check")
	req.Header.Set("Accept", "application/json")
	if rec := f.do(req, admin.cookies); rec.Code != http.StatusForbidden {
		t.Errorf("check without token: %d", rec.Code)
	}
	if countBlocks(f) != 0 {
		t.Fatal("a change went through without a valid token")
	}
	if rec := admin.post("/blocks", form(admin.csrf)); rec.Code != http.StatusSeeOther {
		t.Fatalf("valid token: %d %s", rec.Code, rec.Body)
	}
}

func TestCrossOriginPostRejected(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	form := url.Values{"kind": {"ip"}, "value": {"1.2.3.4"}, "duration": {"1h"}, "csrf": {admin.csrf}}
	req := httptest.NewRequest("POST", "/blocks", strings.NewReader(form.Encode()))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if rec := f.do(req, admin.cookies); rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", rec.Code)
	}
}

func TestLogin(t *testing.T) {
	f := newFixture(t)
	page := f.do(httpRequest("GET", "/login?next=//evil.example/x"), nil)
	token := csrfOf(t, page.Body.String())
	if strings.Contains(page.Body.String(), "evil.example") {
		t.Error("login page keeps a foreign next URL")
	}
	loginCookies := page.Result().Cookies()
	try := func(user, pass, token string, cookies []*http.Cookie) *http.Response {
		form := url.Values{"user": {user}, "password": {pass}, "csrf": {token}, "next": {"https://evil.example/"}}
		req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return f.do(req, cookies).Result()
	}
	if r := try("alice", "wrong password", token, loginCookies); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", r.StatusCode)
	}
	if r := try("mallory", testPassword, token, loginCookies); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown user: %d", r.StatusCode)
	}
	if r := try("alice", testPassword, token, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("no pre-session cookie: %d", r.StatusCode)
	}
	r := try("alice", testPassword, token, loginCookies)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("good login: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	var sess *http.Cookie
	for _, c := range r.Cookies() {
		if c.Name == sessionCookie {
			sess = c
		}
	}
	if sess == nil || !sess.Secure || !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Path != "/" {
		t.Fatalf("session cookie = %+v", sess)
	}
}

func TestSessionTamperingAndExpiry(t *testing.T) {
	f := newFixtureWith(t, Options{CookieSessions: true})
	viewer := f.login("victor")
	c := *viewer.cookies[0]
	// Forge: swap the payload for one claiming the admin role, keep the MAC.
	payload, mac, _ := strings.Cut(c.Value, ".")
	forged, err := signer{key: []byte("a different key of at least 32 bytes!!")}.encode("session",
		session{User: "victor", Role: "admin", Expires: testNow.Add(time.Hour).Unix(), Nonce: "n"})
	if err != nil {
		t.Fatal(err)
	}
	forgedPayload, _, _ := strings.Cut(forged, ".")
	for name, v := range map[string]string{
		"payload swapped": forgedPayload + "." + mac,
		"other key":       forged,
		"no mac":          payload,
		"empty":           "",
	} {
		c.Value = v
		if rec := f.do(httpRequest("GET", "/users"), []*http.Cookie{&c}); rec.Code != http.StatusSeeOther {
			t.Errorf("%s: status %d, want a redirect to login", name, rec.Code)
		}
	}
	// The same cookie after the TTL.
	later := f.srv.opts
	later.Now = func() time.Time { return testNow.Add(13 * time.Hour) }
	srv2, err := New(f.m, later)
	if err != nil {
		t.Fatal(err)
	}
	req := httpRequest("GET", "/")
	req.AddCookie(viewer.cookies[0])
	rec := serve(srv2, req)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("expired session: %d", rec.Code)
	}
}

func TestNewRejectsShortKey(t *testing.T) {
	if _, err := New(memory.New(memory.Options{}), Options{SessionKey: []byte("short")}); err == nil ||
		!strings.Contains(err.Error(), "SessionKey has 5 bytes") {
		t.Errorf("err = %v", err)
	}
	if _, err := New(nil, Options{}); err == nil {
		t.Error("nil backend accepted")
	}
}

// Stored XSS: every page that shows event data shows the payloads as text.
func TestStoredXSSRenderedAsText(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	pages := []string{"/", "/events", "/events?kind=xss", "/vulns", "/apps/shop"}
	hooks, _ := f.m.ListWebhooks(context.Background())
	pages = append(pages, "/webhooks/"+hooks[0].ID)
	for _, p := range memory.XSSPayloads() {
		id := f.eventWithEvidence(p)
		pages = append(pages, "/events/"+id, "/rules/new?event="+id)
	}
	// Markup an escaped payload can never produce.
	dangerous := regexp.MustCompile(`(?i)<script>window|<img src=x|<svg onload|href="javascript:|</textarea><script`)
	for _, path := range pages {
		rec := admin.get(path)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		body := rec.Body.String()
		if m := dangerous.FindString(body); m != "" {
			t.Errorf("%s: raw payload %q in page", path, m)
		}
		if strings.Contains(path, "/events/") && !strings.Contains(body, "&lt;") && !strings.Contains(body, "javascript:") &&
			!strings.Contains(body, "alert(1)") {
			t.Errorf("%s: payload not shown at all", path)
		}
	}
	// The escaped text is there, so the user sees what was tried.
	if body := admin.get("/events/" + f.eventWithEvidence(memory.XSSPayloads()[0])).Body.String(); !strings.Contains(body, "&lt;script&gt;window.__xss=1&lt;/script&gt;") {
		t.Error("escaped payload not shown on the detail page")
	}
}

// With backend sessions, a session started on one replica works on another
// (no shared key), and signing out ends it everywhere.
func TestBackendSessionsAcrossReplicas(t *testing.T) {
	f := newFixture(t) // the memory backend keeps sessions
	if f.srv.stored == nil {
		t.Fatal("backend sessions not used")
	}
	admin := f.login("alice")
	other, err := New(f.m, Options{Now: f.srv.opts.Now, Logger: f.srv.opts.Logger}) // its own random key
	if err != nil {
		t.Fatal(err)
	}
	replicaB := &fixture{t: t, srv: other, m: f.m}
	onB := &client{f: replicaB, cookies: admin.cookies, csrf: admin.csrf}
	rec := onB.post("/blocks", url.Values{"kind": {"ip"}, "value": {"192.0.2.9"}, "duration": {"1h"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("change on the other replica: %d %s", rec.Code, rec.Body)
	}
	if rec := onB.post("/logout", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", rec.Code)
	}
	if rec := admin.get("/"); rec.Code != http.StatusSeeOther {
		t.Errorf("session still valid on the first replica after logout: %d", rec.Code)
	}
}
