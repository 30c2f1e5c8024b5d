package webui

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/webui/backend"
)

func TestPagesByRole(t *testing.T) {
	f := newFixture(t)
	admin, viewer := f.login("alice"), f.login("victor")
	evID := f.eventWithEvidence(`' OR 1=1 --`) // not an XSS event: any id will do
	tests := []struct {
		path       string
		admin      int
		viewer     int
		wantInPage string
	}{
		{"/", 200, 200, "Attacks over time"},
		{"/?window=1h&app=shop", 200, 200, "Attacks over time"},
		{"/events", 200, 200, "203.0.113."},
		{"/events?kind=sqli&action=blocked", 200, 200, "sqli"},
		{"/events/" + evID, 200, 200, "shop/store.go:42"},
		{"/events/nope", 404, 404, "Not found."},
		{"/apps", 200, 200, "shop"},
		{"/apps/shop", 200, 200, "shop-1"},
		{"/apps/shop/settings", 200, 200, "Time budget"},
		{"/apps/nope", 404, 404, "Not found."},
		{"/vulns", 200, 200, "shop/store.go:42"},
		{"/vulns?app=shop", 200, 200, "GO-2023-1571"},
		{"/rules", 200, 200, "no-sqlmap"},
		{"/rules/new", 200, 200, "Test against a request"},
		{"/blocks", 200, 200, "Nothing is blocked."},
		{"/playbooks", 200, 200, "attacking IP"},
		{"/playbooks/new", 200, 200, "Condition"},
		{"/audit", 200, 200, "Audit log"},
		{"/users", 200, 403, "alice"},
		{"/tokens", 200, 403, "No API token yet."},
		{"/webhooks", 200, 403, "hooks.example.com/sqreen"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			for _, c := range []struct {
				who  *client
				want int
			}{{admin, tt.admin}, {viewer, tt.viewer}} {
				rec := c.who.get(tt.path)
				if rec.Code != c.want {
					t.Fatalf("%s: status %d, want %d", c.who.cookies[0].Name, rec.Code, c.want)
				}
				if c.want == 200 && !strings.Contains(rec.Body.String(), tt.wantInPage) {
					t.Errorf("page lacks %q", tt.wantInPage)
				}
			}
		})
	}
	// Admin-only controls are not even shown to viewers.
	if body := viewer.get("/events/" + evID).Body.String(); strings.Contains(body, "Block this IP") {
		t.Error("viewer sees the block form")
	}
	if body := admin.get("/events/" + evID).Body.String(); !strings.Contains(body, `id="block-ip"`) {
		t.Error("admin does not see the block form")
	}
}

func TestSignedOut(t *testing.T) {
	f := newFixture(t)
	rec := f.do(httpRequest("GET", "/events?ip=1.2.3.4"), nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2Fevents%3Fip%3D1.2.3.4" {
		t.Errorf("GET signed out: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = f.do(httpRequest("POST", "/blocks"), nil)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("POST signed out: %d, want 401", rec.Code)
	}
	if rec := f.do(httpRequest("GET", "/static/app.css"), nil); rec.Code != 200 {
		t.Errorf("static: %d", rec.Code)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	for _, path := range []string{"/", "/login", "/events/nope", "/static/app.js"} {
		rec := admin.get(path)
		h := rec.Header()
		if got := h.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") || strings.Contains(got, "unsafe") {
			t.Errorf("%s: CSP %q", path, got)
		}
		if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestBlockThisIP(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	rec := admin.post("/blocks", map[string][]string{"kind": {"ip"}, "value": {"203.0.113.7"},
		"app": {"shop"}, "duration": {"24h"}, "reason": {"attack"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	blocks, _, _ := f.m.ListBlocks(context.Background(), testNow, backend.Page{})
	if len(blocks) != 1 || blocks[0].Value != "203.0.113.7" || blocks[0].CreatedBy != "alice" ||
		blocks[0].ExpiresAt != testNow.Add(24*60*60*1e9) {
		t.Fatalf("blocks = %+v", blocks)
	}
	if body := admin.get("/blocks").Body.String(); !strings.Contains(body, "203.0.113.7") {
		t.Error("block not listed")
	}
	audit, _, _ := f.m.ListAudit(context.Background(), backend.AuditFilter{Action: "block."}, backend.Page{})
	if len(audit) != 1 || audit[0].Actor != "alice" {
		t.Errorf("audit = %+v", audit)
	}
	if rec := admin.post("/blocks/"+blocks[0].ID+"/delete", map[string][]string{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("lift: %d", rec.Code)
	}
	if n := countBlocks(f); n != 0 {
		t.Errorf("%d blocks after lifting", n)
	}
}

func countBlocks(f *fixture) int {
	_, n, _ := f.m.ListBlocks(context.Background(), testNow, backend.Page{})
	return n
}

func TestBadInputNamesTheField(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	tests := []struct {
		path string
		form map[string][]string
		want string
	}{
		{"/blocks", map[string][]string{"kind": {"ip"}, "value": {"not-an-ip"}, "duration": {"1h"}}, "value: &#34;not-an-ip&#34; is not an IP address"},
		{"/blocks", map[string][]string{"kind": {"ip"}, "value": {"1.2.3.4"}, "duration": {"3y"}}, "duration: must be one of"},
		{"/blocks", map[string][]string{"kind": {"asn"}, "value": {"1"}, "duration": {"1h"}}, "kind: must be ip, cidr or user"},
		{"/apps/shop/settings", map[string][]string{"version": {"1"}, "mode": {"block"}, "time_budget": {"2ms"},
			"heartbeat_interval": {"20s"}, "scrub_keys": {"(unclosed"}}, "scrub_keys: error parsing regexp"},
		{"/apps/shop/settings", map[string][]string{"version": {"1"}, "mode": {"block"}, "time_budget": {"soon"},
			"heartbeat_interval": {"20s"}}, "time_budget: want a duration"},
		{"/apps/shop/settings", map[string][]string{"version": {"1"}, "mode": {"block"}, "time_budget": {"2ms"},
			"heartbeat_interval": {"500ms"}}, "heartbeat_interval: must be between 1s and 1h, not 500ms"},
		{"/rules", map[string][]string{"version": {"0"}, "name": {"r"}, "mode": {"block"}, "source": {"id: x\nwhen: (a"}}, "source: line 2, column 7: unclosed"},
		{"/playbooks", map[string][]string{"version": {"0"}, "name": {"p"}, "subject": {"ip"}, "condition": {"x > 1"}, "action": {"nuke"}, "duration": {"1h"}}, "action: must be block_ip"},
		{"/playbooks", map[string][]string{"version": {"0"}, "name": {"p"}, "subject": {"user"}, "condition": {"x > 1"}, "action": {"block_ip"}, "duration": {"1h"}}, "action: block_ip does not fit subject user"},
	}
	for _, tt := range tests {
		rec := admin.post(tt.path, tt.form)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s %v: status %d, want 400", tt.path, tt.form, rec.Code)
			continue
		}
		if !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s %v: body lacks %q:\n%s", tt.path, tt.form, tt.want, rec.Body)
		}
	}
	if countBlocks(f) != 0 {
		t.Error("a bad block was stored")
	}
}

func TestViewerCannotChange(t *testing.T) {
	f := newFixture(t)
	viewer := f.login("victor")
	for _, path := range []string{"/blocks", "/rules", "/playbooks", "/users", "/apps/shop/settings"} {
		rec := viewer.post(path, map[string][]string{"kind": {"ip"}, "value": {"1.2.3.4"}, "duration": {"1h"}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d, want 403", path, rec.Code)
		}
	}
	if countBlocks(f) != 0 {
		t.Error("viewer created a block")
	}
}

func TestTokenSecretShownOnce(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	rec := admin.post("/tokens", map[string][]string{"name": {"ci"}, "role": {"viewer"}})
	if rec.Code != http.StatusOK {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	i := strings.Index(body, `<pre id="token-secret">`)
	if i < 0 {
		t.Fatal("secret not shown")
	}
	secret := body[i+len(`<pre id="token-secret">`):]
	secret = secret[:strings.Index(secret, "<")]
	if u, err := f.m.AuthenticateToken(context.Background(), secret); err != nil || u.Name != "token:ci" {
		t.Fatalf("shown secret does not work: %v", err)
	}
	if strings.Contains(admin.get("/tokens").Body.String(), secret) {
		t.Error("secret shown again")
	}
}

func TestWebhooks(t *testing.T) {
	f := newFixture(t)
	admin := f.login("alice")
	if rec := admin.post("/webhooks", map[string][]string{"url": {"javascript:alert(1)"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("bad URL: %d", rec.Code)
	}
	rec := admin.post("/webhooks", map[string][]string{"url": {"https://hooks.example.com/x"}, "events": {"attack"}})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<pre id="webhook-secret">whs_`) {
		t.Fatalf("create: %d", rec.Code)
	}
	all, _ := f.m.ListWebhooks(context.Background())
	var hooks []backend.Webhook
	for _, h := range all {
		if h.URL == "https://hooks.example.com/x" {
			hooks = append(hooks, h)
		}
	}
	if len(hooks) != 1 || len(hooks[0].Events) != 1 || hooks[0].Events[0] != "attack" {
		t.Fatalf("webhooks = %+v", all)
	}
	f.m.AddDelivery(backend.Delivery{WebhookID: hooks[0].ID, EventType: "attack", Status: "failed", Attempts: 5,
		LastError: "503", Payload: `{"evidence":"<script>window.__xss=1</script>"}`})
	body := admin.get("/webhooks/" + hooks[0].ID).Body.String()
	if !strings.Contains(body, "failed") || strings.Contains(body, "<script>window") {
		t.Errorf("delivery log:\n%s", body)
	}
	if rec := admin.post("/webhooks/"+hooks[0].ID+"/delete", map[string][]string{}); rec.Code != http.StatusSeeOther {
		t.Errorf("delete: %d", rec.Code)
	}
}
