package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// The index of events by client IP exists on PostgreSQL only (migration
// 0004), and filtering by IP gives the same events either way.
func TestEventsByIPOnBothDialects(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		query := "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_app_ip_time'"
		want := 0
		if s.Dialect() == store.Postgres {
			query = "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'events_app_ip_time'"
			want = 1
		}
		var n int
		if err := s.DB().GetContext(ctx, &n, query); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s: events_app_ip_time indexes: %d, want %d", s.Dialect(), n, want)
		}

		app, _, err := s.CreateApp(ctx, "shop", "t")
		if err != nil {
			t.Fatal(err)
		}
		login(t, s, app.ID, "i1")
		now := c.now().UnixMilli()
		var events []*wire.Event
		for i := range 30 {
			events = append(events, attack(fmt.Sprintf("192.0.2.%d", i%3), now+int64(i)))
		}
		if _, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: "b1", Events: events}); err != nil {
			t.Fatal(err)
		}
		f := store.EventFilter{AppID: app.ID, ClientIP: "192.0.2.1"}
		got, err := s.ListEvents(ctx, f, store.Page{Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Fatalf("ListEvents(ip): %d events, want a page of 4", len(got))
		}
		for i, e := range got {
			if e.ClientIP != "192.0.2.1" || (i > 0 && e.ID >= got[i-1].ID) {
				t.Errorf("event %d: ip %s id %d; want 192.0.2.1, newest first", i, e.ClientIP, e.ID)
			}
		}
		if count, err := s.CountEvents(ctx, f); err != nil || count != 10 {
			t.Errorf("CountEvents(ip) = %d, %v; want 10", count, err)
		}
	})
}
