package httpapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/backend/memory"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const (
	adminToken  = "sqa_admin_token"
	viewerToken = "sqa_viewer_token"
)

func newAPI(t *testing.T, b backend.Backend) *API {
	t.Helper()
	a, err := New(b, Options{Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func seeded(t *testing.T) *memory.Backend {
	t.Helper()
	m := memory.New(memory.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	if _, err := memory.SeedDemo(ctx, m, now); err != nil {
		t.Fatal(err)
	}
	for _, u := range []backend.User{{Name: "alice", Role: backend.RoleAdmin}, {Name: "victor", Role: backend.RoleViewer}} {
		if err := m.CreateUser(ctx, u, "a long password", "test"); err != nil {
			t.Fatal(err)
		}
	}
	m.AddToken(adminToken, "alice")
	m.AddToken(viewerToken, "victor")
	return m
}

func call(h http.Handler, token, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestAPI(t *testing.T) {
	m := seeded(t)
	a := newAPI(t, m)
	evs, _, _ := m.ListEvents(context.Background(), backend.EventFilter{}, backend.Page{Limit: 1})
	evID := evs[0].ID
	tests := []struct {
		name, token, method, path, body string
		status                          int
		want                            string // part of the response body
	}{
		{"no token", "", "GET", "/api/v1/events", "", 401, "missing API token"},
		{"bad token", "nope", "GET", "/api/v1/events", "", 401, "invalid API token"},
		{"events", viewerToken, "GET", "/api/v1/events?kind=xss&limit=2", "", 200, `"total":6,"offset":0,"limit":2`},
		{"bad filter", viewerToken, "GET", "/api/v1/events?action=maybe", "", 400, `"field":"action"`},
		{"bad since", viewerToken, "GET", "/api/v1/events?since=yesterday", "", 400, `"field":"since"`},
		{"bad limit", viewerToken, "GET", "/api/v1/events?limit=100000", "", 400, `"field":"limit"`},
		{"event", viewerToken, "GET", "/api/v1/events/" + evID, "", 200, `"id":"` + evID + `"`},
		{"no event", viewerToken, "GET", "/api/v1/events/nope", "", 404, `"error":"not found"`},
		{"overview", viewerToken, "GET", "/api/v1/overview?buckets=4&top=2", "", 200, `"total":`},
		{"apps", viewerToken, "GET", "/api/v1/apps", "", 200, `"name":"shop"`},
		{"instances", viewerToken, "GET", "/api/v1/apps/shop/instances", "", 200, `"p99_ns":240000`},
		{"instances of nothing", viewerToken, "GET", "/api/v1/apps/nope/instances", "", 404, "not found"},
		{"inventory", viewerToken, "GET", "/api/v1/apps/shop/inventory", "", 200, `"hook_point":"os.StartProcess"`},
		{"settings", viewerToken, "GET", "/api/v1/apps/shop/settings", "", 200, `"time_budget_ns":2000000`},
		{"vulns", viewerToken, "GET", "/api/v1/vulnerabilities?app=shop", "", 200, `"location":"shop/store.go:42"`},
		{"rules", viewerToken, "GET", "/api/v1/rules?app=shop", "", 200, `"name":"no-sqlmap"`},
		{"playbooks", viewerToken, "GET", "/api/v1/playbooks", "", 200, `"condition":"ip.attacks(\"5m\") \u003e= 10"`},
		{"firings", viewerToken, "GET", "/api/v1/firings", "", 200, `"key":"203.0.113.1"`},
		{"audit", viewerToken, "GET", "/api/v1/audit?action=user.", "", 200, `"actor":"test","action":"user.create","target":"victor"`},
		{"users need admin", viewerToken, "GET", "/api/v1/users", "", 403, "cannot change"},
		{"users", adminToken, "GET", "/api/v1/users", "", 200, `"name":"victor","role":"viewer"`},
		{"viewer cannot block", viewerToken, "POST", "/api/v1/blocks", `{"kind":"ip","value":"192.0.2.1"}`, 403, "cannot change"},
		{"check is a read", viewerToken, "POST", "/api/v1/rules/check", `{"source":"id: a\nwhen: (x\n"}`, 200, `"line":2,"column":7`},
		{"test", viewerToken, "POST", "/api/v1/rules/test", `{"source":"id: a\nwhen: \"curl\"\n","request":{"headers":[{"key":"User-Agent","value":"curl/8"}]}}`, 200, `"matched":["a"]`},
		{"bad ip", adminToken, "POST", "/api/v1/blocks", `{"kind":"ip","value":"300.1.1.1"}`, 400, `"field":"value"`},
		{"unknown field", adminToken, "POST", "/api/v1/blocks", `{"kind":"ip","value":"192.0.2.1","ttl":3}`, 400, `unknown field \"ttl\"`},
		{"trailing data", adminToken, "POST", "/api/v1/blocks", `{"kind":"ip","value":"192.0.2.1"} {}`, 400, "data after the JSON value"},
		{"not json", adminToken, "POST", "/api/v1/blocks", `kind=ip`, 400, "bad JSON body"},
		{"negative duration", adminToken, "POST", "/api/v1/blocks", `{"kind":"ip","value":"192.0.2.1","duration_ns":-1}`, 400, `"field":"duration_ns"`},
		{"too big", adminToken, "POST", "/api/v1/rules/check", `{"source":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "larger than 1 MiB"},
		{"stale settings", adminToken, "PUT", "/api/v1/apps/shop/settings", `{"mode":"block","time_budget_ns":3000000,"heartbeat_interval_ns":20000000000,"version":7}`, 409, `"field":"version"`},
		{"bad regexp", adminToken, "PUT", "/api/v1/apps/shop/settings", `{"mode":"block","time_budget_ns":3000000,"heartbeat_interval_ns":20000000000,"scrub_keys":"(","version":1}`, 400, `"field":"scrub_keys"`},
		{"other app in body", adminToken, "PUT", "/api/v1/apps/shop/settings", `{"app_id":"blog","version":1}`, 400, `"field":"app_id"`},
		{"playbook check", viewerToken, "POST", "/api/v1/playbooks/check", `{"subject":"ip","condition":"(x"}`, 200, `"column":1,"message":"unclosed '('"`},
		{"no route", viewerToken, "GET", "/api/v1/nothing", "", 404, "no such endpoint"},
		{"delete self", adminToken, "DELETE", "/api/v1/users/alice", "", 400, "own user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := call(a, tt.token, tt.method, tt.path, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("body lacks %s:\n%s", tt.want, shorten(rec.Body.String()))
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("content type %q", ct)
			}
			if tt.status == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	if _, n, _ := m.ListBlocks(context.Background(), now, backend.Page{}); n != 0 {
		t.Errorf("%d blocks stored by rejected requests", n)
	}
}

func shorten(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

func TestChangesAreVersionedAndAudited(t *testing.T) {
	m := seeded(t)
	a := newAPI(t, m)
	rec := call(a, adminToken, "POST", "/api/v1/blocks", `{"kind":"cidr","value":"192.0.2.0/24","app_id":"shop","reason":"scanner","duration_ns":3600000000000}`)
	if rec.Code != 201 {
		t.Fatalf("create block: %d %s", rec.Code, rec.Body)
	}
	var b backend.Block
	json.Unmarshal(rec.Body.Bytes(), &b)
	if b.ID == "" || !b.ExpiresAt.Equal(now.Add(time.Hour)) || b.CreatedBy != "api:alice" || b.Source != "api" {
		t.Errorf("block = %+v", b)
	}
	if rec := call(a, adminToken, "DELETE", "/api/v1/blocks/"+b.ID, ""); rec.Code != 204 {
		t.Errorf("delete block: %d", rec.Code)
	}
	if rec := call(a, adminToken, "DELETE", "/api/v1/blocks/"+b.ID, ""); rec.Code != 404 {
		t.Errorf("delete again: %d", rec.Code)
	}

	rec = call(a, adminToken, "POST", "/api/v1/rules", `{"name":"ua","app_id":"shop","mode":"block","enabled":true,"source":"id: ua\nwhen: \"curl\"\n"}`)
	if rec.Code != 201 {
		t.Fatalf("create rule: %d %s", rec.Code, rec.Body)
	}
	var rule backend.Rule
	json.Unmarshal(rec.Body.Bytes(), &rule)
	update := `{"id":"` + rule.ID + `","name":"ua","mode":"monitor","source":"id: ua\nwhen: \"wget\"\n","version":1}`
	if rec := call(a, adminToken, "POST", "/api/v1/rules", update); rec.Code != 200 {
		t.Fatalf("update rule: %d %s", rec.Code, rec.Body)
	}
	if rec := call(a, adminToken, "POST", "/api/v1/rules", update); rec.Code != 409 {
		t.Fatalf("stale update: %d %s", rec.Code, rec.Body)
	}
	rec = call(a, adminToken, "GET", "/api/v1/rules/"+rule.ID+"/history", "")
	var hist list[backend.Rule]
	json.Unmarshal(rec.Body.Bytes(), &hist)
	if hist.Total != 2 || hist.Items[0].Version != 2 || hist.Items[0].UpdatedBy != "api:alice" {
		t.Errorf("history = %+v", hist)
	}

	rec = call(a, adminToken, "GET", "/api/v1/audit?action=block.", "")
	var audit list[backend.AuditEntry]
	json.Unmarshal(rec.Body.Bytes(), &audit)
	if audit.Total != 2 || audit.Items[0].Action != "block.delete" || audit.Items[1].Actor != "api:alice" {
		t.Errorf("audit = %+v", audit)
	}
}

func TestExportJSONLines(t *testing.T) {
	m := seeded(t)
	for i := range 1200 { // more than two pages
		m.AddEvent(backend.Event{AppID: "shop", Kind: "path", Time: now.Add(-time.Duration(i) * time.Second), Action: backend.ActionBlocked})
	}
	a := newAPI(t, m)
	rec := call(a, viewerToken, "GET", "/api/v1/events/export?kind=path", "")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("%d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	_, want, _ := m.ListEvents(context.Background(), backend.EventFilter{Kind: "path", Until: now}, backend.Page{})
	sc := bufio.NewScanner(rec.Body)
	seen := map[string]bool{}
	for sc.Scan() {
		var e backend.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if e.Kind != "path" || seen[e.ID] {
			t.Fatalf("bad or repeated event %+v", e)
		}
		seen[e.ID] = true
	}
	if len(seen) != want {
		t.Errorf("exported %d events, want %d", len(seen), want)
	}
}

// failing is a backend whose every event read fails with internal details.
type failing struct{ *memory.Backend }

func (failing) ListEvents(context.Context, backend.EventFilter, backend.Page) ([]backend.Event, int, error) {
	return nil, 0, errors.New("pq: connection to 10.0.0.5:5432 refused (password=hunter2)")
}

func TestInternalErrorsStayInternal(t *testing.T) {
	a := newAPI(t, failing{seeded(t)})
	rec := call(a, viewerToken, "GET", "/api/v1/events", "")
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "hunter2") || strings.Contains(rec.Body.String(), "10.0.0.5") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

func TestTokens(t *testing.T) {
	m := seeded(t)
	a := newAPI(t, m)
	if rec := call(a, viewerToken, "POST", "/api/v1/tokens", `{"name":"ci","role":"viewer"}`); rec.Code != 403 {
		t.Fatalf("viewer creates a token: %d", rec.Code)
	}
	rec := call(a, adminToken, "POST", "/api/v1/tokens", `{"name":"ci","role":"viewer"}`)
	if rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var nt newToken
	json.Unmarshal(rec.Body.Bytes(), &nt)
	if nt.Secret == "" || nt.Name != "ci" {
		t.Fatalf("created %+v", nt)
	}
	if rec := call(a, nt.Secret, "GET", "/api/v1/events", ""); rec.Code != 200 {
		t.Errorf("new token refused: %d", rec.Code)
	}
	if rec := call(a, adminToken, "GET", "/api/v1/tokens", ""); rec.Code != 200 || strings.Contains(rec.Body.String(), nt.Secret) {
		t.Errorf("list: %d, secret listed: %v", rec.Code, strings.Contains(rec.Body.String(), nt.Secret))
	}
	if rec := call(a, adminToken, "DELETE", "/api/v1/tokens/"+nt.ID, ""); rec.Code != 204 {
		t.Errorf("revoke: %d", rec.Code)
	}
	if rec := call(a, nt.Secret, "GET", "/api/v1/events", ""); rec.Code != 401 {
		t.Errorf("revoked token accepted: %d", rec.Code)
	}
}

func TestWebhooks(t *testing.T) {
	m := seeded(t)
	a := newAPI(t, m)
	if rec := call(a, viewerToken, "GET", "/api/v1/webhooks", ""); rec.Code != 403 {
		t.Errorf("viewer lists webhooks: %d", rec.Code)
	}
	if rec := call(a, adminToken, "POST", "/api/v1/webhooks", `{"url":"file:///etc/passwd"}`); rec.Code != 400 || !strings.Contains(rec.Body.String(), `"field":"url"`) {
		t.Errorf("bad URL: %d %s", rec.Code, rec.Body)
	}
	rec := call(a, adminToken, "POST", "/api/v1/webhooks", `{"url":"https://hooks.example.com/x","events":["firing"]}`)
	var nw newWebhook
	json.Unmarshal(rec.Body.Bytes(), &nw)
	if rec.Code != 201 || !strings.HasPrefix(nw.Secret, "whs_") || nw.Events[0] != "firing" {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	m.AddDelivery(backend.Delivery{WebhookID: nw.ID, EventType: "firing", Status: "delivered"})
	if rec := call(a, adminToken, "GET", "/api/v1/webhooks/"+nw.ID+"/deliveries", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"total":1`) {
		t.Errorf("deliveries: %d %s", rec.Code, rec.Body)
	}
	if rec := call(a, adminToken, "GET", "/api/v1/webhooks", ""); strings.Contains(rec.Body.String(), nw.Secret) {
		t.Error("secret listed")
	}
	if rec := call(a, adminToken, "DELETE", "/api/v1/webhooks/"+nw.ID, ""); rec.Code != 204 {
		t.Errorf("delete: %d", rec.Code)
	}
}
