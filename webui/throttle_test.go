package webui

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func TestThrottle(t *testing.T) {
	th := newThrottle()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range maxFailures {
		if th.blocked("bob", t0.Add(time.Duration(i)*time.Second)) {
			t.Fatalf("blocked after %d failures", i)
		}
		th.fail("bob", t0.Add(time.Duration(i)*time.Second))
	}
	if !th.blocked("bob", t0.Add(time.Minute)) || th.blocked("carol", t0.Add(time.Minute)) {
		t.Error("the limit is not per user")
	}
	if th.blocked("bob", t0.Add(failureWindow+maxFailures*time.Second)) {
		t.Error("still blocked after the window")
	}
	th.fail("dave", t0)
	th.succeed("dave")
	if th.fails["dave"] != nil {
		t.Error("success does not reset")
	}
}

func TestSignInThrottled(t *testing.T) {
	f := newFixture(t)
	try := func(pass string) int {
		page := f.do(httpRequest("GET", "/login"), nil)
		form := url.Values{"user": {"alice"}, "password": {pass}, "csrf": {csrfOf(t, page.Body.String())}}
		req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return f.do(req, page.Result().Cookies()).Code
	}
	for range maxFailures {
		if code := try("guess"); code != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", code)
		}
	}
	if code := try(testPassword); code != http.StatusTooManyRequests {
		t.Errorf("right password after %d failures: %d, want 429", maxFailures, code)
	}
}

func TestExportJSONLines(t *testing.T) {
	f := newFixture(t)
	viewer := f.login("victor")
	body := viewer.get("/events?kind=xss&offset=50").Body.String()
	if !strings.Contains(body, `href="/events/export?kind=xss"`) {
		t.Fatalf("no export link for the filter")
	}
	rec := viewer.get("/events/export?kind=xss")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("%d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	n := 0
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		var e backend.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Kind != "xss" {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		n++
	}
	if n != 6 {
		t.Errorf("%d events exported, want 6", n)
	}
}
