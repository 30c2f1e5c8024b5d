package storebackend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/playbook"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/webui"
	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/osv"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// fixture opens a store with one app, one instance and three attacks.
func fixture(t *testing.T, sb storetest.Backend) (*Backend, store.App) {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return now }
	st := sb.Open(t, clock)
	app, _, err := st.CreateApp(ctx, "shop", "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Login(ctx, app.ID, &wire.LoginRequest{AppName: "shop", InstanceId: "i-1", Host: "web-1",
		GoVersion: "go1.26.8", AgentVersion: "0.1.0", StartedUnixMs: now.Add(-time.Hour).UnixMilli(),
		Sites:        []*wire.Site{{HookPoint: "sql", Package: "database/sql", Function: "(*DB).QueryContext"}},
		Dependencies: []*wire.Dependency{{Path: "golang.org/x/net", Version: "v0.6.0"}, {Path: "golang.org/x/text", Version: "v0.43.0"}}}); err != nil {
		t.Fatal(err)
	}
	attack := func(min int, detector, ip, action, input string) *wire.Event {
		return &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: now.Add(-time.Duration(min) * time.Minute).UnixMilli(),
			RuleId: "rasp-" + detector, HookPoint: "sql", Action: action, Severity: "high",
			Request:  &wire.RequestSummary{Method: "GET", Path: "/users", ClientIp: ip, UserAgent: "sqlmap/1.8", Headers: map[string]string{"Referer": "<b>x</b>"}},
			Evidence: []*wire.Evidence{{Detector: detector, Source: "query.q", Input: input, Sink: "SELECT '" + input + "'"}},
			Stack:    []*wire.Frame{{Function: "shop.find", File: "shop/store.go", Line: 42}, {Function: "shop.handler", File: "shop/main.go", Line: 9}}}
	}
	if _, err := st.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i-1", BatchId: "b1",
		Events: []*wire.Event{
			attack(50, "sqli", "192.0.2.1", "blocked", "' OR 1=1 --"),
			attack(40, "sqli", "192.0.2.1", "reported", "' UNION SELECT"),
			attack(5, "shell", "192.0.2.2", "blocked", "; id"),
		},
		Metrics: &wire.Metrics{Requests: 100, BudgetOverruns: 2, Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 10}}}}); err != nil {
		t.Fatal(err)
	}
	return New(st, Options{Now: clock, PlaybookChecker: playbook.Check}), app
}

func TestAdapter(t *testing.T) {
	for _, sb := range storetest.Backends(t) {
		t.Run(sb.Name, func(t *testing.T) {
			b, app := fixture(t, sb)
			ctx := context.Background()
			appID := fmtID(app.ID)

			evs, total, err := b.ListEvents(ctx, backend.EventFilter{AppID: appID}, backend.Page{Limit: 2})
			if err != nil || total != 3 || len(evs) != 2 || evs[0].Kind != "shell" {
				t.Fatalf("events = %+v, %d, %v", evs, total, err)
			}
			e := evs[1]
			if e.Action != backend.ActionMonitored || e.Evidence != "' UNION SELECT" || e.Location != "shop/store.go:42" ||
				e.Function != "shop.find" || len(e.Stack) != 2 || e.Request.Params[0] != (backend.KV{Key: "query.q", Value: "' UNION SELECT"}) {
				t.Errorf("event = %+v", e)
			}
			for _, tt := range []struct {
				f    backend.EventFilter
				want int
			}{
				{backend.EventFilter{Kind: "sqli"}, 2},
				{backend.EventFilter{Action: backend.ActionBlocked}, 2},
				{backend.EventFilter{IP: "192.0.2.2"}, 1},
				{backend.EventFilter{Path: "/us"}, 3},
				{backend.EventFilter{Since: now.Add(-10 * time.Minute)}, 1},
				{backend.EventFilter{AppID: "999"}, 0},
			} {
				if _, n, err := b.ListEvents(ctx, tt.f, backend.Page{}); err != nil || n != tt.want {
					t.Errorf("filter %+v: %d events, want %d (%v)", tt.f, n, tt.want, err)
				}
			}
			if page2, _, _ := b.ListEvents(ctx, backend.EventFilter{Kind: "sqli"}, backend.Page{Offset: 1, Limit: 1}); len(page2) != 1 || page2[0].Evidence != "' OR 1=1 --" {
				t.Errorf("second page = %+v", page2)
			}
			got, err := b.GetEvent(ctx, e.ID)
			if err != nil || got.ID != e.ID {
				t.Errorf("get: %+v %v", got, err)
			}
			for _, id := range []string{"999", "x", ""} {
				if _, err := b.GetEvent(ctx, id); !errors.Is(err, backend.ErrNotFound) {
					t.Errorf("get %q: %v", id, err)
				}
			}

			o, err := b.Overview(ctx, backend.OverviewQuery{AppID: appID, Since: now.Add(-time.Hour), Until: now, Buckets: 6, Top: 5})
			if err != nil || o.Total != 3 || o.Blocked != 2 || o.Buckets[1].Blocked != 1 || o.Buckets[5].Blocked != 1 ||
				o.TopIPs[0] != (backend.Count{Key: "192.0.2.1", N: 2}) {
				t.Errorf("overview = %+v, %v", o, err)
			}
			small := New(b.st, Options{Now: b.opts.Now, MaxScan: 2})
			if o, err := small.Overview(ctx, backend.OverviewQuery{AppID: appID, Since: now.Add(-time.Hour), Until: now, Buckets: 6}); err != nil || !o.Truncated || o.Total != 2 {
				t.Errorf("bounded overview = %+v, %v", o, err)
			}
			sinks, n, err := b.Sinks(ctx, appID, backend.Page{})
			if err != nil || n != 2 || sinks[0].Kind != "sqli" || sinks[0].Attacks != 2 || len(sinks[0].Examples) != 2 {
				t.Errorf("sinks = %+v, %v", sinks, err)
			}

			ins, err := b.ListInstances(ctx, appID)
			if err != nil || len(ins) != 1 || ins[0].Host != "web-1" || !ins[0].Healthy(now, time.Minute) || ins[0].Cost.BudgetOverruns != 2 {
				t.Errorf("instances = %+v, %v", ins, err)
			}
			if sites, err := b.Inventory(ctx, appID); err != nil || len(sites) != 1 || sites[0].Location != "database/sql" {
				t.Errorf("inventory = %+v, %v", sites, err)
			}
			if vs, err := b.DependencyVulns(ctx, appID); err != nil || len(vs) != 0 {
				t.Errorf("vulns without advisories = %+v, %v", vs, err)
			}
			db, err := osv.Load("go.json", []byte(`{"id":"GO-2023-1571","summary":"HTTP/2 DoS","affected":[{"package":{"ecosystem":"Go","name":"golang.org/x/net"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.7.0"}]}]}]}`))
			if err != nil {
				t.Fatal(err)
			}
			b.SetAdvisories(db)
			vs, err := b.DependencyVulns(ctx, appID)
			if err != nil || len(vs) != 1 || vs[0] != (backend.DependencyVuln{ID: "GO-2023-1571", Summary: "HTTP/2 DoS",
				Module: "golang.org/x/net", Version: "v0.6.0", Fixed: "v0.7.0"}) {
				t.Errorf("vulns = %+v, %v", vs, err)
			}
		})
	}
}

func TestAdapterChanges(t *testing.T) {
	for _, sb := range storetest.Backends(t) {
		t.Run(sb.Name, func(t *testing.T) {
			b, app := fixture(t, sb)
			ctx := context.Background()
			appID := fmtID(app.ID)

			blk, err := b.CreateBlock(ctx, backend.Block{AppID: appID, Kind: backend.BlockIP, Value: "192.0.2.1",
				Reason: "attack", CreatedBy: "alice", ExpiresAt: now.Add(time.Hour)})
			if err != nil || !blk.ExpiresAt.Equal(now.Add(time.Hour)) {
				t.Fatalf("block = %+v, %v", blk, err)
			}
			var in *backend.InputError
			if _, err := b.CreateBlock(ctx, backend.Block{AppID: appID, Kind: backend.BlockIP, Value: "nope", CreatedBy: "alice"}); !errors.As(err, &in) ||
				!strings.Contains(err.Error(), "not an IP address") {
				t.Errorf("bad block: %v", err)
			}
			if bs, n, err := b.ListBlocks(ctx, now, backend.Page{}); err != nil || n != 1 || bs[0].Value != "192.0.2.1" {
				t.Errorf("blocks = %+v %v", bs, err)
			}
			if err := b.DeleteBlock(ctx, blk.ID, "alice"); err != nil {
				t.Fatal(err)
			}
			if _, n, _ := b.ListBlocks(ctx, now, backend.Page{}); n != 0 {
				t.Errorf("%d blocks after revoking", n)
			}

			const src = "rules:\n  - id: no-curl\n    hook: request\n    condition: request.user_agent contains \"curl\"\n    action: block\n"
			r, err := b.SaveRule(ctx, backend.Rule{AppID: appID, Name: "No curl", Source: src, Enabled: true, Mode: backend.ModeBlock}, "alice")
			if err != nil || r.ID != appID+":no-curl.yaml" || r.Version != 1 {
				t.Fatalf("save = %+v, %v", r, err)
			}
			r.Source = strings.Replace(src, "curl", "wget", -1)
			if r, err = b.SaveRule(ctx, r, "alice"); err != nil || r.Version != 2 {
				t.Fatalf("update = %+v, %v", r, err)
			}
			r.Version = 1
			if _, err := b.SaveRule(ctx, r, "bob"); !errors.As(err, &in) || in.Field != "version" {
				t.Errorf("stale save: %v", err)
			}
			if _, err := b.SaveRule(ctx, backend.Rule{AppID: appID, Name: "bad", Source: "rules: [", Enabled: true}, "alice"); !errors.As(err, &in) || in.Field != "source" {
				t.Errorf("bad source: %v", err)
			}
			if hist, err := b.RuleHistory(ctx, r.ID); err != nil || len(hist) != 2 || !strings.Contains(hist[0].Source, "wget") {
				t.Errorf("history = %+v, %v", hist, err)
			}
			rs, err := b.ListRules(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			custom, builtin := 0, 0
			for _, x := range rs {
				if x.Builtin {
					builtin++
					if probs := b.check(x.Source); len(probs) > 0 {
						t.Errorf("built-in %s shown as a file that does not compile: %+v\n%s", x.ID, probs, x.Source)
					}
					continue
				}
				custom++
			}
			if custom != 1 || builtin == 0 {
				t.Errorf("%d custom and %d built-in rules", custom, builtin)
			}
			if _, err := b.SaveRule(ctx, rs[0], "alice"); !errors.As(err, &in) || !strings.Contains(err.Error(), "read-only") {
				t.Errorf("saving a built-in rule: %v", err)
			}

			if probs, err := b.CheckPlaybook(ctx, "ip", "ip.attacks(\"5m\") >= 10"); err != nil || len(probs) != 0 {
				t.Errorf("valid condition: %+v %v", probs, err)
			}
			if probs, _ := b.CheckPlaybook(ctx, "ip", "ip.nonsense(\"5m\") >= 10"); len(probs) != 1 {
				t.Errorf("bad condition accepted: %+v", probs)
			}
			s, err := b.GetSettings(ctx, appID)
			if err != nil {
				t.Fatal(err)
			}
			s.TimeBudget, s.SecurityHeaders, s.Mode = 3*time.Millisecond, true, backend.ModeMonitor
			if s, err = b.SaveSettings(ctx, s, "alice"); err != nil || s.TimeBudget != 3*time.Millisecond || !s.SecurityHeaders || s.Mode != backend.ModeMonitor {
				t.Errorf("settings = %+v, %v", s, err)
			}
			s.HeartbeatInterval = 500 * time.Millisecond // the store takes it, agents would not
			if _, err := b.SaveSettings(ctx, s, "alice"); !errors.As(err, &in) || in.Field != "heartbeat_interval" {
				t.Errorf("heartbeat interval 500ms accepted: %v", err)
			}
			s.HeartbeatInterval = time.Second
			s.ScrubKeys = "x"
			if _, err := b.SaveSettings(ctx, s, "alice"); !errors.As(err, &in) {
				t.Errorf("scrub regex accepted: %v", err)
			}

			if err := b.CreateUser(ctx, backend.User{Name: "alice", Role: backend.RoleAdmin}, "a long password", "test"); err != nil {
				t.Fatal(err)
			}
			if u, err := b.Login(ctx, "alice", "a long password"); err != nil || u.Role != backend.RoleAdmin {
				t.Errorf("login: %+v %v", u, err)
			}
			if _, err := b.Login(ctx, "alice", "wrong"); !errors.Is(err, backend.ErrBadCredentials) {
				t.Errorf("bad login: %v", err)
			}
			sess, err := b.CreateSession(ctx, "alice", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if u, err := b.SessionUser(ctx, sess); err != nil || u.Name != "alice" || u.Role != backend.RoleAdmin {
				t.Errorf("session user: %+v %v", u, err)
			}
			if err := b.DeleteSession(ctx, sess); err != nil {
				t.Fatal(err)
			}
			if _, err := b.SessionUser(ctx, sess); !errors.Is(err, backend.ErrBadCredentials) {
				t.Errorf("deleted session: %v", err)
			}
			if _, err := b.AuthenticateToken(ctx, "sqa_nope"); !errors.Is(err, backend.ErrBadCredentials) {
				t.Errorf("bad token: %v", err)
			}
			tok, secret, err := b.CreateToken(ctx, "ci", backend.RoleViewer, "alice")
			if err != nil {
				t.Fatal(err)
			}
			if u, err := b.AuthenticateToken(ctx, secret); err != nil || u.Name != "token:ci" || u.Role != backend.RoleViewer {
				t.Errorf("token user: %+v %v", u, err)
			}
			if err := b.RevokeToken(ctx, tok.ID, "alice"); err != nil {
				t.Fatal(err)
			}
			if ts, err := b.ListTokens(ctx); err != nil || len(ts) != 1 || !ts[0].Revoked {
				t.Errorf("tokens = %+v %v", ts, err)
			}
			if _, err := b.AuthenticateToken(ctx, secret); !errors.Is(err, backend.ErrBadCredentials) {
				t.Errorf("revoked token: %v", err)
			}
			hook, secret, err := b.CreateWebhook(ctx, backend.Webhook{AppID: appID, URL: "https://hooks.example.com/x", Events: []string{"attack"}}, "alice")
			if err != nil || secret == "" || hook.AppID != appID || len(hook.Events) != 1 {
				t.Fatalf("webhook = %+v, %v", hook, err)
			}
			if _, _, err := b.CreateWebhook(ctx, backend.Webhook{URL: "ftp://x"}, "alice"); !errors.As(err, &in) {
				t.Errorf("bad webhook URL: %v", err)
			}
			if n, err := b.st.EnqueueDeliveries(ctx, app.ID, "attack", `{"a":1}`); err != nil || n != 1 {
				t.Fatalf("enqueue: %d %v", n, err)
			}
			if ds, n, err := b.Deliveries(ctx, hook.ID, backend.Page{}); err != nil || n != 1 || ds[0].Status != "pending" || ds[0].Payload != `{"a":1}` {
				t.Errorf("deliveries = %+v, %v", ds, err)
			}
			if err := b.DeleteWebhook(ctx, hook.ID, "alice"); err != nil {
				t.Error(err)
			}
			audit, n, err := b.ListAudit(ctx, backend.AuditFilter{Actor: "alice"}, backend.Page{})
			if err != nil || n < 4 {
				t.Errorf("audit = %+v, %v", audit, err)
			}
		})
	}
}

// The dashboard's pages render over the store.
func TestDashboardOverStore(t *testing.T) {
	sb := storetest.Backends(t)[0]
	b, app := fixture(t, sb)
	ctx := context.Background()
	if err := b.CreateUser(ctx, backend.User{Name: "alice", Role: backend.RoleAdmin}, "a long password", "test"); err != nil {
		t.Fatal(err)
	}
	ui, err := webui.New(b, webui.Options{Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(ui)
	defer ts.Close()
	cookie := login(t, ts.URL)
	evs, _, _ := b.ListEvents(ctx, backend.EventFilter{}, backend.Page{Limit: 1})
	appID := fmtID(app.ID)
	custom, err := b.SaveRule(ctx, backend.Rule{AppID: appID, Name: "ua", Enabled: true, Mode: backend.ModeMonitor,
		Source: "rules:\n  - id: ua\n    hook: request\n    condition: request.user_agent contains \"x\"\n"}, "alice")
	if err != nil {
		t.Fatal(err)
	}
	builtin := builtinRules()[0]
	for _, path := range []string{"/", "/events", "/events/" + evs[0].ID, "/apps", "/apps/" + appID, "/apps/" + appID + "/settings",
		"/vulns", "/rules", "/rules/new", "/rules/" + custom.ID, "/rules/" + builtin.ID, "/blocks", "/playbooks", "/users",
		"/tokens", "/audit"} {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.AddCookie(cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d\n%s", path, resp.StatusCode, body)
		}
		if strings.Contains(string(body), "<b>x</b>") {
			t.Errorf("%s: raw markup from an event", path)
		}
	}
}

// login signs in as alice through the form and returns the session cookie.
func login(t *testing.T, base string) *http.Cookie {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, rest, _ := strings.Cut(string(page), `name="csrf" value="`)
	token, _, _ := strings.Cut(rest, `"`)
	form := fmt.Sprintf("user=alice&password=a+long+password&csrf=%s&next=/", token)
	req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range resp.Cookies() {
		req.AddCookie(c)
	}
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "sqreen_session" {
			return c
		}
	}
	t.Fatalf("login: %d, no session cookie", resp.StatusCode)
	return nil
}

func (b *Backend) check(src string) []backend.RuleProblem {
	probs, _ := b.CheckRule(context.Background(), src)
	return probs
}

// TestEventRequestSummary: the scrubbed request an agent sends with an
// attack (query, params, headers) and the sink argument are stored and
// shown in the attack's detail.
func TestEventRequestSummary(t *testing.T) {
	for _, sb := range storetest.Backends(t) {
		t.Run(sb.Name, func(t *testing.T) {
			b, app := fixture(t, sb)
			ctx := context.Background()
			sink := "SELECT * FROM items WHERE id = '1' OR '1'='1'"
			ev := &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: now.UnixMilli(), RuleId: "rasp-sqli",
				HookPoint: "sql", Action: "block",
				Request: &wire.RequestSummary{Method: "POST", Path: "/items", ClientIp: "192.0.2.7",
					Query:   "api_key=%5Bredacted%5D&id=1%27+OR+%271%27%3D%271",
					Headers: map[string]string{"Authorization": "[redacted]", "X-Trace": "t-1"},
					Params: []*wire.Param{{Source: "query.id", Value: "1' OR '1'='1"}, {Source: "query.api_key", Value: "[redacted]"},
						{Source: "form.comment", Value: "nice"}}},
				Evidence: []*wire.Evidence{{Detector: "sqli", Source: "query.id", Input: "1' OR '1'='1", Sink: sink}}}
			if _, err := b.st.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i-1", BatchId: "b-summary",
				Events: []*wire.Event{ev}}); err != nil {
				t.Fatal(err)
			}
			evs, _, err := b.ListEvents(ctx, backend.EventFilter{IP: "192.0.2.7"}, backend.Page{})
			if err != nil || len(evs) != 1 {
				t.Fatalf("events = %+v, %v", evs, err)
			}
			got, err := b.GetEvent(ctx, evs[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			r := got.Request
			if got.SinkArg != sink || got.Evidence != "1' OR '1'='1" || got.EvidenceSource != "query.id" ||
				r.Method != "POST" || r.Path != "/items" || r.Query != ev.Request.Query {
				t.Errorf("event = %+v", got)
			}
			wantParams := []backend.KV{{Key: "query.id", Value: "1' OR '1'='1"}, {Key: "query.api_key", Value: "[redacted]"}, {Key: "form.comment", Value: "nice"}}
			if fmt.Sprint(r.Params) != fmt.Sprint(wantParams) {
				t.Errorf("params = %v, want %v", r.Params, wantParams)
			}
			wantHeaders := []backend.KV{{Key: "Authorization", Value: "[redacted]"}, {Key: "X-Trace", Value: "t-1"}}
			if fmt.Sprint(r.Headers) != fmt.Sprint(wantHeaders) {
				t.Errorf("headers = %v, want %v", r.Headers, wantHeaders)
			}
		})
	}
}
