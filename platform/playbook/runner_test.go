package playbook_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/playbook"
	"github.com/sqreen-go/sqreen/platform/playbook/condition"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

func TestRunnerBlocksAcrossInstances(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			s := b.Open(t, nil)
			if err := playbook.EnsureBuiltins(ctx, s); err != nil {
				t.Fatal(err)
			}
			if err := playbook.EnsureBuiltins(ctx, s); err != nil { // idempotent
				t.Fatal(err)
			}
			app, _, _ := s.CreateApp(ctx, "shop", "t")
			other, _, _ := s.CreateApp(ctx, "blog", "t")
			for _, id := range []string{"a", "b"} {
				s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: id})
			}
			now := time.Now().UnixMilli()
			// 6 attacks through instance a and 4 through b: only together
			// do they reach the threshold of 10.
			send := func(inst, batch, ip string, n int, kind wire.EventKind) {
				req := &wire.HeartbeatRequest{InstanceId: inst, BatchId: batch}
				for range n {
					req.Events = append(req.Events, &wire.Event{Kind: kind, TimeUnixMs: now, RuleId: "r",
						Request: &wire.RequestSummary{ClientIp: ip, Path: "/login"}})
				}
				if _, err := s.IngestHeartbeat(ctx, app.ID, req); err != nil {
					t.Fatal(err)
				}
			}
			send("a", "1", "198.51.100.1", 6, wire.EventKind_EVENT_KIND_ATTACK)
			send("b", "1", "198.51.100.1", 4, wire.EventKind_EVENT_KIND_ATTACK)
			send("a", "2", "198.51.100.2", 9, wire.EventKind_EVENT_KIND_ATTACK) // below
			send("b", "2", "198.51.100.3", 19, wire.EventKind_EVENT_KIND_AUTH)  // failures, below 20
			var fired []store.Firing
			r := &playbook.Runner{Store: s, Holder: "test", OnFiring: func(f store.Firing) { fired = append(fired, f) }}
			for range 2 { // the second run decides nothing new
				if err := r.RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
			}
			blocks, _ := s.ListBlocks(ctx, store.BlockFilter{AppID: app.ID, ActiveOnly: true}, store.Page{})
			if len(blocks) != 1 || blocks[0].Value != "198.51.100.1" || blocks[0].Source != "playbook:ip-attacks" {
				t.Fatalf("blocks = %+v; want one of 198.51.100.1 by ip-attacks", blocks)
			}
			if blocks[0].ExpiresAt-blocks[0].CreatedAt != time.Hour.Milliseconds() {
				t.Errorf("block lasts %d ms, want 1h", blocks[0].ExpiresAt-blocks[0].CreatedAt)
			}
			if len(fired) != 1 || fired[0].BlockID != blocks[0].ID {
				t.Fatalf("firings = %+v", fired)
			}
			if want := `{"attacks(\"5m\")":10,"subject":"ip","value":"198.51.100.1"}`; fired[0].EvidenceJSON != want {
				t.Errorf("evidence = %s, want %s", fired[0].EvidenceJSON, want)
			}
			if ob, _ := s.ListBlocks(ctx, store.BlockFilter{AppID: other.ID}, store.Page{}); len(ob) != 0 {
				t.Errorf("other app got blocks %+v", ob)
			}
			// The block is a command both instances receive after their cursor.
			cmds, _, _, _ := s.CommandsAfter(ctx, app.ID, 0)
			if len(cmds) != 1 || cmds[0].GetBlock().GetValue() != "198.51.100.1" {
				t.Fatalf("commands = %v", cmds)
			}
			// One more failed login crosses the credential-stuffing threshold.
			send("a", "3", "198.51.100.3", 1, wire.EventKind_EVENT_KIND_AUTH)
			r.RunOnce(ctx)
			if ok, _ := s.ActiveBlock(ctx, app.ID, store.BlockIP, "198.51.100.3"); !ok {
				t.Errorf("20 auth failures: no block")
			}
		})
	}
}

func TestRunnerAlertsOnce(t *testing.T) {
	ctx := context.Background()
	s := storetest.Backends(t)[0].Open(t, nil)
	app, _, _ := s.CreateApp(ctx, "shop", "t")
	s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "a"})
	p, err := s.SavePlaybook(ctx, store.Playbook{Name: "spike", Subject: store.SubjectEndpoint, Condition: `endpoint.attacks("5m") >= 3`,
		Action: store.ActionAlert, Enabled: true}, condition.Check, "t")
	if err != nil {
		t.Fatal(err)
	}
	req := &wire.HeartbeatRequest{InstanceId: "a", BatchId: "1"}
	for i := range 3 {
		req.Events = append(req.Events, &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: time.Now().UnixMilli(), RuleId: "r",
			Request: &wire.RequestSummary{ClientIp: fmt.Sprintf("10.0.0.%d", i), Path: "/api"}})
	}
	s.IngestHeartbeat(ctx, app.ID, req)
	r := &playbook.Runner{Store: s, Holder: "t"}
	r.RunOnce(ctx)
	r.RunOnce(ctx)
	firings, _ := s.ListFirings(ctx, app.ID, store.Page{})
	if len(firings) != 1 || firings[0].PlaybookID != p.ID || firings[0].Subject != "/api" || firings[0].BlockID != 0 {
		t.Fatalf("firings = %+v; want one alert for /api", firings)
	}
	if _, err := s.SavePlaybook(ctx, store.Playbook{Name: "bad", Subject: store.SubjectIP, Condition: `ip.attacks("5m") >`,
		Action: store.ActionBlockIP}, condition.Check, "t"); err == nil {
		t.Fatal("bad condition saved")
	}
}

// TestRunnerEvaluatesEveryCandidate: a condition reading two metrics is
// evaluated for the values counted by either, each with its own value.
func TestRunnerEvaluatesEveryCandidate(t *testing.T) {
	ctx := context.Background()
	s := storetest.Backends(t)[0].Open(t, nil)
	app, _, _ := s.CreateApp(ctx, "shop", "t")
	s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "a"})
	if _, err := s.SavePlaybook(ctx, store.Playbook{Name: "two", Subject: store.SubjectIP,
		Condition: `(ip.attacks("5m") >= 2 || ip.auth_failures("10m") >= 2) && ip.value != "10.0.0.9"`,
		Action:    store.ActionAlert, Enabled: true}, condition.Check, "t"); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixMilli()
	req := &wire.HeartbeatRequest{InstanceId: "a", BatchId: "1"}
	add := func(kind wire.EventKind, ip string, n int) {
		for range n {
			req.Events = append(req.Events, &wire.Event{Kind: kind, TimeUnixMs: now, RuleId: "r",
				Request: &wire.RequestSummary{ClientIp: ip, Path: "/"}})
		}
	}
	add(wire.EventKind_EVENT_KIND_ATTACK, "10.0.0.1", 2) // attacks
	add(wire.EventKind_EVENT_KIND_AUTH, "10.0.0.2", 2)   // failed logins
	add(wire.EventKind_EVENT_KIND_ATTACK, "10.0.0.3", 1) // below both
	add(wire.EventKind_EVENT_KIND_ATTACK, "10.0.0.9", 5) // excluded by value
	if _, err := s.IngestHeartbeat(ctx, app.ID, req); err != nil {
		t.Fatal(err)
	}
	r := &playbook.Runner{Store: s, Holder: "t"}
	if err := r.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	firings, _ := s.ListFirings(ctx, app.ID, store.Page{})
	var got []string
	for _, f := range firings {
		got = append(got, f.Subject)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"10.0.0.1", "10.0.0.2"}) {
		t.Fatalf("fired for %v, want 10.0.0.1 (attacks) and 10.0.0.2 (failed logins)", got)
	}
}
