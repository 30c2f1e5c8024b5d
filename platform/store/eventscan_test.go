package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// scanFixture stores, through IngestHeartbeat, events of every kind for
// two IPs, one of them without user or path, and returns the app.
func scanFixture(t *testing.T, s *store.Store, c *clock) int64 {
	t.Helper()
	ctx := context.Background()
	app, _, err := s.CreateApp(ctx, "shop", "t")
	if err != nil {
		t.Fatal(err)
	}
	login(t, s, app.ID, "a")
	now := c.now().UnixMilli()
	ev := func(kind wire.EventKind, success bool, ip, user, path string, ms int64) *wire.Event {
		return &wire.Event{Kind: kind, TimeUnixMs: ms, Success: success, User: user, RuleId: "r",
			Request: &wire.RequestSummary{ClientIp: ip, Path: path}}
	}
	events := []*wire.Event{
		ev(wire.EventKind_EVENT_KIND_ATTACK, false, "192.0.2.1", "", "/q", now),
		ev(wire.EventKind_EVENT_KIND_ATTACK, false, "192.0.2.1", "", "/q", now-10*time.Minute.Milliseconds()),
		ev(wire.EventKind_EVENT_KIND_AUTH, false, "192.0.2.1", "alice", "/login", now),
		ev(wire.EventKind_EVENT_KIND_AUTH, true, "192.0.2.1", "alice", "/login", now),
		ev(wire.EventKind_EVENT_KIND_AUTH, false, "192.0.2.2", "alice", "/login", now),
		ev(wire.EventKind_EVENT_KIND_CUSTOM, false, "192.0.2.2", "bob", "/x", now),
		ev(wire.EventKind_EVENT_KIND_CSP, false, "", "", "", now),
	}
	if _, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "a", BatchId: "1", Events: events}); err != nil {
		t.Fatal(err)
	}
	return app.ID
}

// TestScanClassesMatchAggregate counts the scanned events the way the
// playbook tally does and compares with Aggregate, per subject and metric.
func TestScanClassesMatchAggregate(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		appID := scanFixture(t, s, c)
		since := c.now().Add(-5 * time.Minute).UnixMilli()
		got := map[string]map[string]int64{}
		err := s.ScanEventsSince(ctx, since, 1<<62, func(e *store.ScannedEvent) error {
			if e.AppID != appID {
				t.Errorf("event %d of app %d, want %d", e.ID, e.AppID, appID)
			}
			values := map[string]string{store.SubjectIP: e.ClientIP, store.SubjectUser: e.UserName,
				store.SubjectEndpoint: e.Path, store.SubjectApp: ""}
			for subject, v := range values {
				if v == "" && subject != store.SubjectApp {
					continue
				}
				metrics := []string{store.MetricEvents}
				switch e.Class {
				case store.ClassAttack:
					metrics = append(metrics, store.MetricAttacks)
				case store.ClassAuthFailure:
					metrics = append(metrics, store.MetricAuthFailures)
				case store.ClassAuthSuccess:
					metrics = append(metrics, store.MetricAuthSuccess)
				}
				for _, m := range metrics {
					k := subject + "." + m
					if got[k] == nil {
						got[k] = map[string]int64{}
					}
					got[k][v]++
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, subject := range []string{store.SubjectIP, store.SubjectUser, store.SubjectEndpoint, store.SubjectApp} {
			for _, m := range store.AggregateMetrics(subject) {
				if m == store.MetricNotFound {
					continue
				}
				want, err := s.Aggregate(ctx, appID, subject, m, since)
				if err != nil {
					t.Fatal(err)
				}
				maps.DeleteFunc(want, func(_ string, n int64) bool { return n == 0 })
				if g := got[subject+"."+m]; !maps.Equal(g, want) {
					t.Errorf("%s.%s: scan counts %v, Aggregate %v", subject, m, g, want)
				}
			}
		}
	})
}

// TestScanByID reads events above an id in id order and by id ranges,
// and bounds the time-based scan by id.
func TestScanByID(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		scanFixture(t, s, c)
		// ids lists the ids a scan reads, sorted unless in the scan's order.
		ids := func(scan func(func(*store.ScannedEvent) error) error, ordered ...bool) string {
			var out []int64
			if err := scan(func(e *store.ScannedEvent) error { out = append(out, e.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(ordered) == 0 {
				slices.Sort(out)
			}
			return fmt.Sprint(out)
		}
		all := ids(func(fn func(*store.ScannedEvent) error) error { return s.ScanEventsAfter(ctx, 0, fn) }, true)
		if all != "[1 2 3 4 5 6 7]" {
			t.Fatalf("events after 0: %s", all)
		}
		if got := ids(func(fn func(*store.ScannedEvent) error) error { return s.ScanEventsAfter(ctx, 4, fn) }, true); got != "[5 6 7]" {
			t.Errorf("events after 4: %s", got)
		}
		ranges := []store.IDRange{{From: 2, To: 2}, {From: 4, To: 5}, {From: 9, To: 12}}
		if got := ids(func(fn func(*store.ScannedEvent) error) error { return s.ScanEventRanges(ctx, ranges, fn) }); got != "[2 4 5]" {
			t.Errorf("events in %v: %s", ranges, got)
		}
		var many []store.IDRange // more ranges than one query takes
		for id := int64(1); id <= 300; id++ {
			many = append(many, store.IDRange{From: id, To: id})
		}
		if got := ids(func(fn func(*store.ScannedEvent) error) error { return s.ScanEventRanges(ctx, many, fn) }); got != all {
			t.Errorf("events in 300 single-id ranges: %s", got)
		}
		since := c.now().Add(-time.Minute).UnixMilli() // leaves out the attack 10 minutes old (id 2)
		if got := ids(func(fn func(*store.ScannedEvent) error) error { return s.ScanEventsSince(ctx, since, 4, fn) }); got != "[1 3 4]" {
			t.Errorf("events since 1 minute, ids <= 4: %s", got)
		}
	})
}

// TestSettledEventID finds the newest event received before a time.
func TestSettledEventID(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		appID := scanFixture(t, s, c) // ids 1-7 received at t0
		t0 := c.now().UnixMilli()
		c.advance(3 * time.Minute)
		req := &wire.HeartbeatRequest{InstanceId: "a", BatchId: "2", Events: []*wire.Event{attack("192.0.2.9", t0)}}
		if _, err := s.IngestHeartbeat(ctx, appID, req); err != nil { // id 8 at t0+3m
			t.Fatal(err)
		}
		for _, tc := range []struct {
			before int64
			want   int64
		}{{t0, 0}, {t0 + 1, 7}, {t0 + 3*time.Minute.Milliseconds(), 7}, {t0 + 3*time.Minute.Milliseconds() + 1, 8}} {
			got, err := s.SettledEventID(ctx, tc.before)
			if err != nil || got != tc.want {
				t.Errorf("SettledEventID(t0%+d) = %d, %v; want %d", tc.before-t0, got, err, tc.want)
			}
		}
	})
}
