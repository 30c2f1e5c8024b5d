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
// transaction on SQLite) are each stored once; one that fails (unknown
// instance) does not take the others down.
func TestConcurrentHeartbeats(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, _, _ := s.CreateApp(ctx, "shop", "t")
		for i := range 10 {
			login(t, s, app.ID, fmt.Sprintf("i%d", i))
		}
		var wg sync.WaitGroup
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
					Events: []*wire.Event{attack("10.0.0.1", c.now().UnixMilli())}})
			}()
		}
		wg.Wait()
		for n, err := range errs {
			if want := n%10 == 9; want != errors.Is(err, store.ErrNotFound) {
				t.Errorf("heartbeat %d: %v", n, err)
			}
		}
		got, _ := s.CountEvents(ctx, store.EventFilter{AppID: app.ID})
		// 36 good sends; batch id n/2 on instance n%10: pairs (2k, 2k+1) go
		// to different instances, so each send is its own batch.
		if got != 36 {
			t.Fatalf("%d events stored, want 36", got)
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
