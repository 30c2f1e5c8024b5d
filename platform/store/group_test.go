package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// TestConcurrentHeartbeats: heartbeats sent at once (grouped in one
// transaction) are each stored once with their rollups summed; one that
// fails (unknown instance; on PostgreSQL also a batch id the database
// refuses, which fails the group's transaction) does not take the others
// down.
func TestConcurrentHeartbeats(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, _, _ := s.CreateApp(ctx, "shop", "t")
		for i := range 10 {
			login(t, s, app.ID, fmt.Sprintf("i%d", i))
		}
		var wg sync.WaitGroup
		var badErr error
		if s.Dialect() == store.Postgres {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// PostgreSQL text cannot hold NUL (the agent API refuses it before).
				_, badErr = s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i0", BatchId: "bad\x00",
					Events: []*wire.Event{attack("10.0.0.1", c.now().UnixMilli())}, Metrics: &wire.Metrics{Requests: 1000}})
			}()
		}
		errs := make([]error, 40)
		for n := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				inst := fmt.Sprintf("i%d", n%10)
				if n%10 == 9 {
					inst = "ghost"
				}
				// Each batch is sent twice.
				_, errs[n] = s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: inst, BatchId: fmt.Sprint(n / 2),
					Events: []*wire.Event{attack("10.0.0.1", c.now().UnixMilli())},
					Metrics: &wire.Metrics{Requests: 1, Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 2, P50Ns: 100, P99Ns: int64(n)}},
						NotFoundByIp: map[string]int64{"10.0.0.9": 1}}})
			}()
		}
		wg.Wait()
		for n, err := range errs {
			if want := n%10 == 9; want != errors.Is(err, store.ErrNotFound) {
				t.Errorf("heartbeat %d: %v", n, err)
			}
		}
		if s.Dialect() == store.Postgres && (badErr == nil || errors.Is(badErr, store.ErrNotFound)) {
			t.Errorf("heartbeat with a NUL batch id: %v; want a database error", badErr)
		}
		got, _ := s.CountEvents(ctx, store.EventFilter{AppID: app.ID})
		// 36 good sends; batch id n/2 on instance n%10: pairs (2k, 2k+1) go
		// to different instances, so each send is its own batch.
		if got != 36 {
			t.Fatalf("%d events stored, want 36", got)
		}
		rollups, err := s.ListRollups(ctx, app.ID, 0)
		if err != nil || len(rollups) != 1 || rollups[0].Requests != 36 || rollups[0].Events != 36 {
			t.Fatalf("rollups = %+v, %v; want one minute with 36 requests and 36 events", rollups, err)
		}
		hooks, err := s.ListHookRollups(ctx, app.ID, 0)
		if err != nil || len(hooks) != 1 || hooks[0].Calls != 72 || hooks[0].P50NS != 100 || hooks[0].P99NS != 38 {
			t.Fatalf("hook rollups = %+v, %v; want 72 calls, p50 100, p99 38", hooks, err)
		}
		nf, err := s.Aggregate(ctx, app.ID, store.SubjectIP, store.MetricNotFound, 0)
		if err != nil || nf["10.0.0.9"] != 36 {
			t.Fatalf("not_found = %v, %v; want 36", nf, err)
		}
		for n := range 40 {
			if n%10 == 9 {
				continue
			}
			res, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: fmt.Sprintf("i%d", n%10), BatchId: fmt.Sprint(n / 2)})
			if err != nil || !res.Duplicate {
				t.Fatalf("resend of batch %d: %+v, %v; want duplicate", n/2, res, err)
			}
		}
	})
}
