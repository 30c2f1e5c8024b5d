package memory

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// XSSPayloads returns attacker strings the demo data carries in every field an
// attacker controls, so that tests can check they are shown as text. Each
// would set window.__xss (or call alert) if it ever ran as code.
func XSSPayloads() []string {
	return []string{
		`<script>window.__xss=1</script>`,
		`<img src=x onerror="window.__xss=2">`,
		`"><svg onload=window.__xss=3>`,
		`javascript:window.__xss=4`,
		`</textarea><script>window.__xss=5</script>`,
		`'-alert(1)-'`,
	}
}

// SeedDemo fills m with one app, two instances, a week of attacks (some
// carrying XSSPayloads), a built-in and a custom rule, a playbook with a
// firing, and nothing else (no user). It returns the app.
func SeedDemo(ctx context.Context, m *Backend, now time.Time) (backend.App, error) {
	app := m.AddApp(backend.App{ID: "shop", Name: "shop", CreatedAt: now.Add(-30 * 24 * time.Hour)})
	for i, host := range []string{"web-1", "web-2"} {
		m.AddInstance(backend.Instance{ID: fmt.Sprintf("shop-%d", i+1), AppID: app.ID, Host: host,
			AgentVersion: "0.1.0", GoVersion: "go1.26.8", StartedAt: now.Add(-48 * time.Hour),
			LastHeartbeat: now.Add(-time.Duration(10+i*600) * time.Second),
			Cost: backend.Cost{Requests: 120000, P50: 18 * time.Microsecond, P99: 240 * time.Microsecond,
				BudgetOverruns: int64(i * 3), Panics: 0, DroppedEvents: int64(i)}})
	}
	m.SetInventory(app.ID, []backend.Site{
		{HookPoint: "database/sql.(*DB).QueryContext", Location: "database/sql", Function: "(*DB).QueryContext"},
		{HookPoint: "os.StartProcess", Location: "os", Function: "StartProcess"},
		{HookPoint: "net/http.serverHandler.ServeHTTP", Location: "net/http", Function: "serverHandler.ServeHTTP"},
	})
	m.SetDependencyVulns(app.ID, []backend.DependencyVuln{{ID: "GO-2023-1571", Summary: "Denial of service in golang.org/x/net/http2",
		Module: "golang.org/x/net", Version: "v0.6.0", Fixed: "v0.7.0"}})
	kinds := []struct{ kind, sink, loc, fn, input, path string }{
		{"sqli", "database/sql.(*DB).QueryContext", "shop/store.go:42", "shop.(*Store).FindUser", `' OR 1=1 --`, "/users"},
		{"shell", "os.StartProcess", "shop/thumb.go:17", "shop.makeThumb", `x.png; cat /etc/passwd`, "/thumb"},
		{"path", "os.OpenFile", "shop/files.go:88", "shop.serveUpload", `../../etc/passwd`, "/files"},
	}
	for i := 0; i < 60; i++ {
		k := kinds[i%len(kinds)]
		action := backend.ActionBlocked
		if i%4 == 0 {
			action = backend.ActionMonitored
		}
		m.AddEvent(backend.Event{AppID: app.ID, Instance: fmt.Sprintf("shop-%d", i%2+1),
			Time: now.Add(-time.Duration(i*i*40) * time.Second), Kind: k.kind, RuleID: "rasp-" + k.kind,
			Action: action, IP: fmt.Sprintf("203.0.113.%d", i%7+1),
			Request: backend.Request{Method: "GET", Path: k.path, Query: "q=" + k.input,
				Params:  []backend.KV{{Key: "q", Value: k.input}},
				Headers: []backend.KV{{Key: "User-Agent", Value: "sqlmap/1.8"}, {Key: "Authorization", Value: "[redacted]"}}},
			Evidence: k.input, Sink: k.sink, SinkArg: "SELECT * FROM users WHERE name = '" + k.input + "'",
			Location: k.loc, Function: k.fn,
			Stack: []string{k.fn + " " + k.loc, "shop.handler shop/main.go:30", "net/http.HandlerFunc.ServeHTTP"}})
	}
	for i, p := range XSSPayloads() {
		m.AddEvent(backend.Event{AppID: app.ID, Instance: p, Time: now.Add(-time.Duration(i+1) * time.Minute),
			Kind: "xss", RuleID: p, Action: backend.ActionBlocked, IP: "198.51.100.9", User: p,
			Request: backend.Request{Method: "POST", Path: "/comment/" + p, Query: "c=" + p,
				Params: []backend.KV{{Key: p, Value: p}}, Headers: []backend.KV{{Key: "Referer", Value: p}}},
			Evidence: p, Sink: "html/template.(*Template).Execute", SinkArg: p,
			Location: "shop/comments.go:12", Function: p, Stack: []string{p}})
	}
	if _, err := m.SaveRule(ctx, backend.Rule{Name: "sqli-detector", Builtin: true, Enabled: true,
		Mode: backend.ModeBlock, Source: "rules:\n  - id: rasp-sqli\n    hook: sql\n    condition: sql_injection(sql.query, sql.dialect)\n    action: block\n"}, "system"); err != nil {
		return app, fmt.Errorf("seed rule: %w", err)
	}
	if _, err := m.SaveRule(ctx, backend.Rule{AppID: app.ID, Name: "no-sqlmap", Enabled: true,
		Mode: backend.ModeMonitor, Source: "rules:\n  - id: no-sqlmap\n    hook: request\n    condition: request.user_agent contains \"sqlmap\"\n    action: monitor\n"}, "system"); err != nil {
		return app, fmt.Errorf("seed rule: %w", err)
	}
	pb, err := m.SavePlaybook(ctx, backend.Playbook{Name: "attacking IP", Subject: "ip", Condition: `ip.attacks("5m") >= 10`,
		Action: "block_ip", Duration: time.Hour, Enabled: true, Builtin: true}, "system")
	if err != nil {
		return app, fmt.Errorf("seed playbook: %w", err)
	}
	hook, _, err := m.CreateWebhook(ctx, backend.Webhook{URL: "https://hooks.example.com/sqreen"}, "system")
	if err != nil {
		return app, fmt.Errorf("seed webhook: %w", err)
	}
	for _, p := range XSSPayloads() {
		m.AddDelivery(backend.Delivery{WebhookID: hook.ID, EventType: "attack", Status: "delivered", Attempts: 1,
			Payload: `{"evidence":` + strconv.Quote(p) + `}`, CreatedAt: now, DeliveredAt: now})
	}
	m.mu.Lock()
	m.audit = nil // seeding is not a change anyone made
	m.mu.Unlock()
	m.AddFiring(backend.Firing{PlaybookID: pb.ID, AppID: app.ID, Time: now.Add(-time.Hour),
		Key: "203.0.113.1", Evidence: "12 attacks in 5m", Response: "block ip 203.0.113.1 for 1h"})
	return app, nil
}
