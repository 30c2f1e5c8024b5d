package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// clock is a settable test clock.
type clock struct{ ms atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ms.Store(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC).UnixMilli())
	return c
}
func (c *clock) now() time.Time          { return time.UnixMilli(c.ms.Load()) }
func (c *clock) advance(d time.Duration) { c.ms.Add(d.Milliseconds()) }

func eachBackend(t *testing.T, fn func(t *testing.T, s *store.Store, c *clock)) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			c := newClock()
			fn(t, b.Open(t, c.now), c)
		})
	}
}

func login(t *testing.T, s *store.Store, appID int64, instance string) {
	t.Helper()
	if _, err := s.Login(context.Background(), appID, &wire.LoginRequest{InstanceId: instance, Host: "h", Pid: 1,
		Dependencies: []*wire.Dependency{{Path: "example.com/m", Version: "v1.0.0"}}}); err != nil {
		t.Fatal(err)
	}
}

func attack(ip string, ms int64) *wire.Event {
	return &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: ms, RuleId: "sqli", HookPoint: "sql", Action: "blocked",
		Request:  &wire.RequestSummary{ClientIp: ip, Method: "GET", Path: "/q"},
		Evidence: []*wire.Evidence{{Detector: "sqli", Source: "query.id", Input: "1' OR '1'='1"}}}
}

func TestMigrateTwiceIsANoop(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			s := b.Open(t, nil)
			applied, err := s.Migrate(context.Background())
			if err != nil || len(applied) != 0 {
				t.Fatalf("second migrate: applied %v, err %v; want none", applied, err)
			}
		})
	}
}

func TestHeartbeatIsIdempotent(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, token, err := s.CreateApp(ctx, "shop", "test")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.AppByToken(ctx, token); err != nil || got.ID != app.ID {
			t.Fatalf("AppByToken = %v, %v", got.ID, err)
		}
		if _, err := s.AppByToken(ctx, token+"x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("wrong token: err %v, want ErrNotFound", err)
		}
		hb := &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b1", Metrics: &wire.Metrics{Requests: 10,
			Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 4, P50Ns: 100, P99Ns: 900}}, NotFoundByIp: map[string]int64{"10.0.0.9": 3}}}
		for i := range 3 {
			hb.Events = append(hb.Events, attack(fmt.Sprintf("10.0.0.%d", i), c.now().UnixMilli()))
		}
		if _, err := s.IngestHeartbeat(ctx, app.ID, hb); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("heartbeat before login: err %v, want ErrNotFound", err)
		}
		login(t, s, app.ID, "i1")
		for i, want := range []store.HeartbeatResult{{Events: 3}, {Duplicate: true}, {Duplicate: true}} {
			got, err := s.IngestHeartbeat(ctx, app.ID, hb)
			if err != nil || got.Duplicate != want.Duplicate || got.Events != want.Events || got.Relogin || len(got.Commands) != 0 {
				t.Fatalf("send %d: %+v, %v; want %+v", i, got, err, want)
			}
		}
		n, err := s.CountEvents(ctx, store.EventFilter{AppID: app.ID})
		if err != nil || n != 3 {
			t.Fatalf("events stored = %d, %v; want 3", n, err)
		}
		rollups, err := s.ListRollups(ctx, app.ID, 0)
		if err != nil || len(rollups) != 1 || rollups[0].Requests != 10 || rollups[0].Events != 3 {
			t.Fatalf("rollups = %+v, %v; want one minute with 10 requests, 3 events", rollups, err)
		}
		evs, err := s.ListEvents(ctx, store.EventFilter{AppID: app.ID, ClientIP: "10.0.0.1"}, store.Page{})
		if err != nil || len(evs) != 1 || evs[0].Detail.Evidence[0].Input != "1' OR '1'='1" {
			t.Fatalf("ListEvents by IP = %+v, %v", evs, err)
		}
		nf, err := s.Aggregate(ctx, app.ID, store.SubjectIP, store.MetricNotFound, 0)
		if err != nil || nf["10.0.0.9"] != 3 {
			t.Fatalf("not_found aggregate = %v, %v", nf, err)
		}
		// A second batch is stored.
		hb.BatchId = "b2"
		if got, err := s.IngestHeartbeat(ctx, app.ID, hb); err != nil || got.Events != 3 {
			t.Fatalf("batch b2: %+v, %v", got, err)
		}
	})
}

func TestCommandsFollowTheCursor(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, _, err := s.CreateApp(ctx, "shop", "test")
		if err != nil {
			t.Fatal(err)
		}
		b1, err := s.CreateBlock(ctx, store.NewBlock{AppID: app.ID, Kind: store.BlockIP, Value: "203.0.113.7", TTL: time.Hour}, "alice")
		if err != nil {
			t.Fatal(err)
		}
		state, cursor, err := s.LoginState(ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cursor != 1 || !hasBlock(state, "203.0.113.7") {
			t.Fatalf("login state: cursor %d, commands %v; want cursor 1 with the block", cursor, state)
		}
		if _, err := s.CreateRuleSet(ctx, app.ID, []store.RuleFile{{Name: "a.yaml", Content: "rules: []"}}, "first", "alice", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeBlock(ctx, b1.ID, "alice"); err != nil {
			t.Fatal(err)
		}
		cmds, next, ok, err := s.CommandsAfter(ctx, app.ID, cursor)
		if err != nil || !ok || next != 3 || len(cmds) != 2 {
			t.Fatalf("CommandsAfter(1) = %d cmds, next %d, ok %t, %v; want 2, 3, true", len(cmds), next, ok, err)
		}
		if cmds[0].GetReplaceRules().GetVersion() != "1" || cmds[1].GetUnblock().GetValue() != "203.0.113.7" {
			t.Fatalf("commands = %v; want rules v1 then unblock", cmds)
		}
		if _, _, ok, _ := s.CommandsAfter(ctx, app.ID, 99); ok {
			t.Fatal("cursor ahead of the log: ok = true, want false (relogin)")
		}
		// A heartbeat's result carries the same commands, duplicate or not.
		login(t, s, app.ID, "i1")
		for _, batch := range []string{"b1", "b1"} {
			res, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: batch, Cursor: cursor})
			if err != nil || res.Relogin || res.Cursor != 3 || len(res.Commands) != 2 || res.Commands[1].GetUnblock() == nil {
				t.Fatalf("heartbeat %s after cursor 1: %+v, %v; want 2 commands up to cursor 3", batch, res, err)
			}
		}
		if res, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b2", Cursor: 3}); err != nil || res.Relogin || res.Cursor != 3 || len(res.Commands) != 0 {
			t.Fatalf("heartbeat at the head: %+v, %v; want no command, cursor 3", res, err)
		}
		if res, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b3", Cursor: 99}); err != nil || !res.Relogin {
			t.Fatalf("heartbeat with a cursor ahead of the log: %+v, %v; want relogin", res, err)
		}
		// Expired blocks leave the login state.
		if _, err := s.CreateBlock(ctx, store.NewBlock{AppID: app.ID, Kind: store.BlockUser, Value: "mallory", TTL: time.Minute}, "alice"); err != nil {
			t.Fatal(err)
		}
		c.advance(2 * time.Minute)
		state, _, _ = s.LoginState(ctx, app.ID)
		if hasBlock(state, "mallory") || hasBlock(state, "203.0.113.7") {
			t.Fatalf("login state has expired or revoked blocks: %v", state)
		}
	})
}

func hasBlock(cmds []*wire.Command, value string) bool {
	for _, c := range cmds {
		if c.GetBlock().GetValue() == value {
			return true
		}
	}
	return false
}

func TestCreateBlockValidates(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := context.Background()
		app, _, _ := s.CreateApp(ctx, "shop", "test")
		tests := []struct {
			kind, value, want string
			err               error
		}{
			{store.BlockIP, "::ffff:10.1.2.3", "10.1.2.3", nil},
			{store.BlockCIDR, "10.1.2.3/8", "10.0.0.0/8", nil},
			{store.BlockUser, "bob", "bob", nil},
			{store.BlockIP, "10.1.2", "", store.ErrInvalid},
			{store.BlockCIDR, "10.0.0.0", "", store.ErrInvalid},
			{"country", "FR", "", store.ErrInvalid},
			{store.BlockUser, "", "", store.ErrInvalid},
		}
		for _, tt := range tests {
			b, err := s.CreateBlock(ctx, store.NewBlock{AppID: app.ID, Kind: tt.kind, Value: tt.value}, "t")
			if !errors.Is(err, tt.err) || (err == nil && b.Value != tt.want) {
				t.Errorf("CreateBlock(%s %q) = %q, %v; want %q, %v", tt.kind, tt.value, b.Value, err, tt.want, tt.err)
			}
		}
		if _, err := s.CreateBlock(ctx, store.NewBlock{AppID: 999, Kind: store.BlockIP, Value: "10.0.0.1"}, "t"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("block for unknown app: %v, want ErrNotFound", err)
		}
	})
}

func TestRuleSetVersions(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := context.Background()
		app, _, _ := s.CreateApp(ctx, "shop", "test")
		if _, err := s.CurrentRuleSet(ctx, app.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("no rules yet: %v, want ErrNotFound", err)
		}
		for i, body := range []string{"one", "two"} {
			rs, err := s.CreateRuleSet(ctx, app.ID, []store.RuleFile{{Name: "r.yaml", Content: body}}, "", "t", nil)
			if err != nil || rs.Version != int64(i+1) {
				t.Fatalf("version %d: %+v, %v", i+1, rs, err)
			}
		}
		rs, err := s.RollbackRuleSet(ctx, app.ID, 1, "t")
		if err != nil || rs.Version != 3 || rs.Files[0].Content != "one" {
			t.Fatalf("rollback = %+v, %v; want version 3 with the files of 1", rs, err)
		}
		bad := []struct {
			files []store.RuleFile
		}{
			{nil},
			{[]store.RuleFile{{Name: "../x.yaml"}}},
			{[]store.RuleFile{{Name: "x.txt"}}},
			{[]store.RuleFile{{Name: "x.yaml"}, {Name: "x.yaml"}}},
		}
		for _, b := range bad {
			if _, err := s.CreateRuleSet(ctx, app.ID, b.files, "", "t", nil); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("CreateRuleSet(%v) = %v, want ErrInvalid", b.files, err)
			}
		}
		reject := func([]store.RuleFile) error { return errors.New("r.yaml:1:1: bad") }
		if _, err := s.CreateRuleSet(ctx, app.ID, []store.RuleFile{{Name: "r.yaml"}}, "", "t", reject); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("validator error: %v, want ErrInvalid", err)
		}
	})
}

func TestLeaseTakeover(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		steps := []struct {
			holder  string
			advance time.Duration
			want    bool
		}{
			{"a", 0, true},
			{"b", 0, false},
			{"a", 10 * time.Second, true}, // renew
			{"b", 20 * time.Second, false},
			{"b", 20 * time.Second, true}, // a stopped renewing
			{"a", 0, false},
		}
		for i, st := range steps {
			c.advance(st.advance)
			got, err := s.AcquireLease(ctx, "playbooks", st.holder, 30*time.Second)
			if err != nil || got != st.want {
				t.Fatalf("step %d: %s acquire = %t, %v; want %t", i, st.holder, got, err, st.want)
			}
		}
	})
}

func TestUsersAndTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := context.Background()
		if _, err := s.CreateUser(ctx, "alice", "correct horse", store.RoleAdmin, 1000, "t"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, "alice", "correct horse", store.RoleAdmin, 1000, "t"); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate user: %v", err)
		}
		if _, err := s.CreateUser(ctx, "bob", "short", store.RoleAdmin, 1000, "t"); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("short password: %v", err)
		}
		if _, err := s.Authenticate(ctx, "alice", "wrong horse"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("wrong password: %v", err)
		}
		u, err := s.Authenticate(ctx, "alice", "correct horse")
		if err != nil {
			t.Fatal(err)
		}
		sess, err := s.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, sess); err != nil || got.Name != "alice" {
			t.Fatalf("SessionUser = %v, %v", got.Name, err)
		}
		tok, secret, err := s.CreateAPIToken(ctx, "ci", store.RoleViewer, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.APITokenByToken(ctx, secret); err != nil || got.ID != tok.ID {
			t.Fatalf("APITokenByToken = %v, %v", got, err)
		}
		s.RevokeAPIToken(ctx, tok.ID, "alice")
		if _, err := s.APITokenByToken(ctx, secret); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("revoked token: %v", err)
		}
		audit, _ := s.ListAudit(ctx, store.Page{})
		if len(audit) < 3 {
			t.Fatalf("audit log has %d entries, want the user, token and revoke", len(audit))
		}
	})
}

func TestPurge(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, _, _ := s.CreateApp(ctx, "shop", "t")
		login(t, s, app.ID, "i1")
		old := c.now().UnixMilli()
		s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b1", Events: []*wire.Event{attack("10.0.0.1", old)}})
		c.advance(48 * time.Hour)
		s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b2", Events: []*wire.Event{attack("10.0.0.1", c.now().UnixMilli())}})
		r, err := s.Purge(ctx, 24*time.Hour)
		if err != nil || r.Events != 1 || r.Batches != 1 {
			t.Fatalf("Purge = %+v, %v; want 1 event and 1 batch", r, err)
		}
		if n, _ := s.CountEvents(ctx, store.EventFilter{}); n != 1 {
			t.Fatalf("%d events left, want 1", n)
		}
	})
}
