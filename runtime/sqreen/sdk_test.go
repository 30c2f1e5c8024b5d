package sqreen_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/runtime/hooks"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

func TestIdentifyBlockedUser(t *testing.T) {
	a := install(t, testConfig())
	a.BlockUser("mallory", time.Time{})
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("u")
		if err := sqreen.Identify(r.Context(), user); err != nil {
			return
		}
		if got := sqreen.FromContext(r.Context()).User(); got != user {
			t.Errorf("FromContext().User() = %q, want %q", got, user)
		}
		io.WriteString(w, "hello "+user)
	}))
	for user, want := range map[string]int{"alice": 200, "mallory": 403} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?u="+user, nil))
		if rec.Code != want {
			t.Errorf("user %s: status %d, want %d", user, rec.Code, want)
		}
	}
}

func TestTrackAuthAndEvent(t *testing.T) {
	a := install(t, testConfig())
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sqreen.TrackAuth(r.Context(), false, "bob")
		sqreen.TrackEvent(r.Context(), "signup", map[string]any{"plan": "pro", "password": "hunter2", "card": "4111 1111 1111 1111"})
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/login", nil))
	ev := a.DrainEvents(0)
	if len(ev) != 2 {
		t.Fatalf("got %d events, want 2", len(ev))
	}
	if ev[0].Kind != agent.KindAuth || ev[0].User != "bob" || ev[0].Success || ev[0].Request.ClientIP != "192.0.2.1" {
		t.Errorf("auth event %+v", ev[0])
	}
	p := ev[1].Properties
	if p["plan"] != "pro" || p["password"] != "[REDACTED]" || strings.Contains(fmt.Sprint(p["card"]), "4111") {
		t.Errorf("custom event properties not scrubbed: %v", p)
	}
}

// Keep-alive: many requests on one connection, each sees only its own
// context.
func TestKeepAliveRequestsNeverShareContext(t *testing.T) {
	install(t, testConfig())
	var mu sync.Mutex
	var mismatches []string
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("n")
		if err := sqreen.Identify(r.Context(), "user-"+id); err != nil {
			t.Error(err)
		}
		sc := sqreen.FromContext(r.Context())
		if sc == nil || sc.User() != "user-"+id || sc.Route() != "GET /items" {
			mu.Lock()
			mismatches = append(mismatches, id)
			mu.Unlock()
		}
		fmt.Fprint(w, sc.User())
	}))
	mux := http.NewServeMux()
	mux.Handle("GET /items", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tr := &http.Transport{MaxConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	reused := 0
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if info.Reused {
			reused++
		}
	}}
	const n = 50
	for i := 0; i < n; i++ {
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet, fmt.Sprintf("%s/items?n=%d", srv.URL, i), nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != fmt.Sprintf("user-%d", i) {
			t.Fatalf("request %d answered %q", i, b)
		}
	}
	if reused != n-1 {
		t.Errorf("%d of %d requests reused the connection, want %d", reused, n, n-1)
	}
	if len(mismatches) > 0 {
		t.Errorf("requests saw another request's context: %v", mismatches)
	}
}

// Middleware around a ServeMux still sees the route the mux matched.
func TestRouteFromServeMuxInside(t *testing.T) {
	install(t, testConfig())
	mux := http.NewServeMux()
	var route string
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		route = sqreen.FromContext(r.Context()).Route()
	})
	sqreen.Middleware(mux).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/items/7", nil))
	if route != "GET /items/{id}" {
		t.Errorf("Route() = %q, want the mux pattern", route)
	}
}

// TestIdentifyQueuesNoEventButNamesTheUser: Identify sends nothing by
// itself (see its doc); the events the request produces afterwards, an
// attack included, name the user.
func TestIdentifyQueuesNoEventButNamesTheUser(t *testing.T) {
	a := install(t, testConfig())
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.DrainEvents(0) // the entry's input-only signatures report the attack before Identify
		for range 3 {
			if err := sqreen.Identify(r.Context(), "alice"); err != nil {
				t.Errorf("identify: %v", err)
			}
		}
		if n := len(a.DrainEvents(0)); n != 0 {
			t.Errorf("Identify queued %d events, want none", n)
		}
		sqreen.TrackEvent(r.Context(), "export", nil)
		hooks.SQLDialect(r.Context(), "sqlite", "SELECT * FROM t WHERE id = '"+r.URL.Query().Get("id")+"'")
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?id="+url.QueryEscape("1' OR '1'='1"), nil))
	ev := a.DrainEvents(0)
	kinds := map[string]bool{}
	for _, e := range ev {
		kinds[e.Kind] = true
		if e.User != "alice" && (e.Request == nil || e.Request.User != "alice") {
			t.Errorf("%s event does not name the user: %+v", e.Kind, e)
		}
	}
	if !kinds[agent.KindCustom] || !kinds[agent.KindAttack] {
		t.Errorf("events %+v: want a custom and an attack event", ev)
	}
}
