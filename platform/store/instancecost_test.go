package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// timing is one hook point's timing in a heartbeat.
func timing(hook string, calls, p50, p99 int64) *wire.HookTiming {
	return &wire.HookTiming{HookPoint: hook, Calls: calls, P50Ns: p50, P99Ns: p99}
}

// TestInstanceCosts: two instances of one app report different metrics
// in several heartbeats: two of one instance in one group commit, a third
// in the same minute in its own commit (the upsert merges it), a resent
// batch, then one more minute. Each instance's cost is summed apart, the engine timing is
// the call-weighted mean of every hook timing reported, and the app's
// rollups still count everything.
func TestInstanceCosts(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, _, _ := s.CreateApp(ctx, "shop", "t")
		other, _, _ := s.CreateApp(ctx, "other", "t")
		login(t, s, app.ID, "i1")
		login(t, s, app.ID, "i2")
		login(t, s, other.ID, "i1")
		ref := instanceRefs(t, s, app.ID)
		minute0 := c.now().UnixMilli()

		for i, err := range s.IngestTogether(ctx, app.ID,
			&wire.HeartbeatRequest{InstanceId: "i1", BatchId: "a", Metrics: &wire.Metrics{Requests: 10, BudgetOverruns: 1,
				Hooks: []*wire.HookTiming{timing("sql", 4, 100, 1000), timing("http", 6, 200, 3000)}}},
			&wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b", Metrics: &wire.Metrics{Requests: 5, Panics: 1, EventsDropped: 2,
				Hooks: []*wire.HookTiming{timing("sql", 10, 50, 500)}}},
			&wire.HeartbeatRequest{InstanceId: "i2", BatchId: "c", Events: []*wire.Event{attack("10.0.0.1", minute0)},
				Metrics: &wire.Metrics{Requests: 7, BlockedRequests: 1, Hooks: []*wire.HookTiming{timing("sql", 2, 1000, 9000)}}},
		) {
			if err != nil {
				t.Fatalf("group commit, heartbeat %d: %v", i, err)
			}
		}
		c.advance(20 * time.Second)
		// A resent batch is not counted again.
		if res, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b",
			Metrics: &wire.Metrics{Requests: 5, Hooks: []*wire.HookTiming{timing("sql", 10, 50, 500)}}}); err != nil || !res.Duplicate {
			t.Fatalf("resent batch b: %+v, %v; want a duplicate", res, err)
		}
		ingest(t, s, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "d", Metrics: &wire.Metrics{Requests: 3,
			Hooks: []*wire.HookTiming{timing("sql", 5, 400, 800)}}})
		ingest(t, s, other.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "x", Metrics: &wire.Metrics{Requests: 1000}})
		c.advance(time.Minute)
		minute1 := c.now().UnixMilli() / 60000 * 60000
		ingest(t, s, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "e", Metrics: &wire.Metrics{Requests: 1,
			Hooks: []*wire.HookTiming{timing("os", 15, 20, 100)}}})
		ingest(t, s, app.ID, &wire.HeartbeatRequest{InstanceId: "i2", BatchId: "f", Metrics: &wire.Metrics{Requests: 2}})

		wantI1 := store.InstanceCost{InstanceRef: ref["i1"], Requests: 10 + 5 + 3 + 1, BudgetOverruns: 1, Panics: 1, EventsDropped: 2,
			EngineTiming: store.EngineTiming{Calls: 4 + 6 + 10 + 5 + 15,
				P50NS: (100*4 + 200*6 + 50*10 + 400*5 + 20*15) / 40, P99NS: (1000*4 + 3000*6 + 500*10 + 800*5 + 100*15) / 40}}
		// i2's second heartbeat timed no check: it leaves the timing alone.
		wantI2 := store.InstanceCost{InstanceRef: ref["i2"], Requests: 7 + 2, Blocked: 1, Events: 1,
			EngineTiming: store.EngineTiming{Calls: 2, P50NS: 1000, P99NS: 9000}}
		wantCosts(t, s, app.ID, minute0, wantI1, wantI2)
		// The last minute alone.
		wantCosts(t, s, app.ID, minute1,
			store.InstanceCost{InstanceRef: ref["i1"], Requests: 1, EngineTiming: store.EngineTiming{Calls: 15, P50NS: 20, P99NS: 100}},
			store.InstanceCost{InstanceRef: ref["i2"], Requests: 2})
		wantCosts(t, s, app.ID, minute1+time.Minute.Milliseconds())

		// The app's own rollups count the same requests.
		rolls, err := s.ListRollups(ctx, app.ID, minute0)
		if err != nil {
			t.Fatal(err)
		}
		var requests int64
		for _, r := range rolls {
			requests += r.Requests
		}
		if requests != wantI1.Requests+wantI2.Requests {
			t.Errorf("app rollups count %d requests, instances %d", requests, wantI1.Requests+wantI2.Requests)
		}
	})
}

// TestPurgeInstanceRollups: Purge deletes the instance rollups of minutes
// older than the retention and keeps the others.
func TestPurgeInstanceRollups(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, _, _ := s.CreateApp(ctx, "shop", "t")
		login(t, s, app.ID, "i1")
		ingest(t, s, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "old", Metrics: &wire.Metrics{Requests: 5}})
		c.advance(48 * time.Hour)
		ingest(t, s, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "new", Metrics: &wire.Metrics{Requests: 7}})
		r, err := s.Purge(ctx, 24*time.Hour)
		// One old minute in metric_rollups, one in instance_rollups.
		if err != nil || r.Rollups != 2 {
			t.Fatalf("Purge = %+v, %v; want 2 rollup rows", r, err)
		}
		wantCosts(t, s, app.ID, 0, store.InstanceCost{InstanceRef: instanceRefs(t, s, app.ID)["i1"], Requests: 7})
	})
}

func ingest(t *testing.T, s *store.Store, appID int64, hb *wire.HeartbeatRequest) {
	t.Helper()
	if _, err := s.IngestHeartbeat(context.Background(), appID, hb); err != nil {
		t.Fatalf("heartbeat %s of %s: %v", hb.BatchId, hb.InstanceId, err)
	}
}

// instanceRefs maps an app's instance ids to their row ids.
func instanceRefs(t *testing.T, s *store.Store, appID int64) map[string]int64 {
	t.Helper()
	ins, err := s.ListInstances(context.Background(), appID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, in := range ins {
		out[in.InstanceID] = in.ID
	}
	return out
}

func wantCosts(t *testing.T, s *store.Store, appID, since int64, want ...store.InstanceCost) {
	t.Helper()
	got, err := s.InstanceCosts(context.Background(), appID, since)
	if err != nil {
		t.Fatalf("InstanceCosts since %d: %v", since, err)
	}
	if len(got) != len(want) {
		t.Fatalf("InstanceCosts since %d = %+v; want %+v", since, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("InstanceCosts since %d, row %d = %+v; want %+v", since, i, got[i], want[i])
		}
	}
}
