package storebackend

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/httpapi"
	"github.com/sqreen-go/sqreen/platform/playbook"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/webui"
	"github.com/sqreen-go/sqreen/webui/backend"
)

// TestInstanceCost: each instance carries its own cost of protection over
// the last costWindow: heartbeats before the window do not count, and an
// instance with no heartbeat in it shows zeros. The app page shows one
// row of cost per instance, and the JSON API the same costs.
func TestInstanceCost(t *testing.T) {
	for _, sb := range storetest.Backends(t) {
		t.Run(sb.Name, func(t *testing.T) {
			ctx := context.Background()
			var clock atomic.Int64 // Unix ms, read by the store's writers
			clock.Store(now.Add(-10 * time.Minute).UnixMilli())
			nowFn := func() time.Time { return time.UnixMilli(clock.Load()) }
			st := sb.Open(t, nowFn)
			app, _, err := st.CreateApp(ctx, "shop", "test")
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"i-1", "i-2", "i-3"} {
				if _, err := st.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: id, Host: "web-" + id}); err != nil {
					t.Fatal(err)
				}
			}
			heartbeat := func(instance, batch string, m *wire.Metrics) {
				t.Helper()
				if _, err := st.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: instance, BatchId: batch, Metrics: m}); err != nil {
					t.Fatal(err)
				}
			}
			// Ten minutes ago: out of the window.
			heartbeat("i-1", "old", &wire.Metrics{Requests: 1000, Panics: 9})
			heartbeat("i-3", "old", &wire.Metrics{Requests: 50})
			clock.Store(now.Add(-time.Minute).UnixMilli())
			heartbeat("i-1", "b1", &wire.Metrics{Requests: 100, BudgetOverruns: 2, Panics: 1, EventsDropped: 3,
				Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 10, P50Ns: 20000, P99Ns: 80000},
					{HookPoint: "http", Calls: 30, P50Ns: 10000, P99Ns: 40000}}})
			clock.Store(now.UnixMilli())
			heartbeat("i-2", "b1", &wire.Metrics{Requests: 40, Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 5, P50Ns: 3000, P99Ns: 9000}}})

			b := New(st, Options{Now: nowFn, PlaybookChecker: playbook.Check})
			ins, err := b.ListInstances(ctx, fmtID(app.ID))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]backend.Cost{
				"i-1": {Window: costWindow, Requests: 100, BudgetOverruns: 2, Panics: 1, DroppedEvents: 3,
					P50: (20000*10 + 10000*30) / 40, P99: (80000*10 + 40000*30) / 40},
				"i-2": {Window: costWindow, Requests: 40, P50: 3000, P99: 9000},
				"i-3": {Window: costWindow},
			}
			if len(ins) != len(want) {
				t.Fatalf("%d instances, want %d", len(ins), len(want))
			}
			for _, in := range ins {
				if in.CostOfApp || in.Cost != want[in.ID] {
					t.Errorf("instance %s: cost %+v (of the app: %v); want %+v of the instance", in.ID, in.Cost, in.CostOfApp, want[in.ID])
				}
			}

			// The app page: one row per instance, each with its own cost.
			if err := b.CreateUser(ctx, backend.User{Name: "alice", Role: backend.RoleAdmin}, "a long password", "test"); err != nil {
				t.Fatal(err)
			}
			ui, err := webui.New(b, webui.Options{Now: nowFn, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(ui)
			defer ts.Close()
			req, _ := http.NewRequest("GET", ts.URL+"/apps/"+fmtID(app.ID), nil)
			req.AddCookie(login(t, ts.URL))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(body)
			for _, s := range []string{`<td data-label="Requests">100</td>`, `<td data-label="Requests">40</td>`,
				`<td data-label="Requests">0</td>`, "over the last 5m"} {
				if !strings.Contains(page, s) {
					t.Errorf("app page lacks %s", s)
				}
			}
			if strings.Contains(page, `id="app-cost"`) {
				t.Error("app page shows a cost for all instances; want one per instance")
			}

			// The JSON API serves the same costs.
			api, err := httpapi.New(b, httpapi.Options{Now: nowFn, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			_, secret, err := b.CreateToken(ctx, "ci", backend.RoleViewer, "alice")
			if err != nil {
				t.Fatal(err)
			}
			req = httptest.NewRequest("GET", "/api/v1/apps/"+fmtID(app.ID)+"/instances", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, req)
			var list struct{ Items []backend.Instance }
			if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != http.StatusOK {
				t.Fatalf("API instances: %d %s (%v)", rec.Code, rec.Body, err)
			}
			for _, in := range list.Items {
				if in.CostOfApp || in.Cost != want[in.ID] {
					t.Errorf("API instance %s: cost %+v (of the app: %v); want %+v of the instance", in.ID, in.Cost, in.CostOfApp, want[in.ID])
				}
			}
		})
	}
}
