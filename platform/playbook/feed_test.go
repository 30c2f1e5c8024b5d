package playbook

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// testWindows are the windows compared with Store.Aggregate.
var testWindows = []time.Duration{time.Minute, 90 * time.Second, 5 * time.Minute, 10 * time.Minute, time.Hour, 24 * time.Hour}

var allSubjects = []string{store.SubjectIP, store.SubjectUser, store.SubjectEndpoint, store.SubjectApp}

func uniform(d time.Duration) map[string]time.Duration {
	h := map[string]time.Duration{}
	for _, s := range allSubjects {
		h[s] = d
	}
	return h
}

// randomEvents returns n events of every kind, for a few IPs, users and
// paths (some empty), whose times are spread from 26 h ago (older than
// every window) to 2 minutes ahead (agents' clocks), in no order.
func randomEvents(r *rand.Rand, n int) []*wire.Event {
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	kinds := []wire.EventKind{wire.EventKind_EVENT_KIND_ATTACK, wire.EventKind_EVENT_KIND_AUTH,
		wire.EventKind_EVENT_KIND_CUSTOM, wire.EventKind_EVENT_KIND_CSP}
	now := time.Now()
	var out []*wire.Event
	for range n {
		var at time.Time
		switch x := r.IntN(10); {
		case x < 5:
			at = now.Add(-time.Duration(r.Int64N(int64(11 * time.Minute))))
		case x < 8:
			at = now.Add(-time.Duration(r.Int64N(int64(25 * time.Hour))))
		case x < 9:
			at = now.Add(-26 * time.Hour)
		default:
			at = now.Add(time.Duration(r.Int64N(int64(2 * time.Minute))))
		}
		out = append(out, &wire.Event{Kind: kinds[r.IntN(len(kinds))], TimeUnixMs: at.UnixMilli(), Success: r.IntN(2) == 0,
			User: pick("", "alice", "bob", "carol"), RuleId: "r",
			Request: &wire.RequestSummary{ClientIp: pick("", "192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8::1"), Path: pick("", "/", "/login", "/api")}})
	}
	return out
}

// offsetClock is the store's clock, shifted to stamp received_at in the past.
type offsetClock struct{ offset atomic.Int64 }

func (c *offsetClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// compareWithAggregate checks every tallied aggregate of every app against
// Store.Aggregate from the same minute, and returns how many non-zero
// counts it compared.
func compareWithAggregate(t *testing.T, s *store.Store, f *feed, apps []int64, now time.Time) int {
	t.Helper()
	compared := 0
	for _, app := range apps {
		for _, subject := range allSubjects {
			for _, metric := range store.AggregateMetrics(subject) {
				for _, w := range testWindows {
					if !tallied(metric) || w > f.tally.horizon[subject] {
						continue
					}
					start := windowStart(now, w)
					want, err := s.Aggregate(context.Background(), app, subject, metric, start*time.Minute.Milliseconds())
					if err != nil {
						t.Fatal(err)
					}
					maps.DeleteFunc(want, func(_ string, n int64) bool { return n == 0 })
					got := f.tally.sum(app, subject, metric, start)
					if !maps.Equal(got, want) {
						t.Errorf("app %d %s.%s(%v): tally %v, Aggregate %v", app, subject, metric, w, got, want)
					}
					compared += len(want)
				}
			}
		}
	}
	return compared
}

// TestTallyMatchesAggregate feeds random events in several steps (a
// rebuild from events received long ago, a longer horizon that rebuilds,
// incremental reads, a takeover by a fresh feed) and compares every
// window with Store.Aggregate's answer.
func TestTallyMatchesAggregate(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			clock := &offsetClock{}
			clock.offset.Store(int64(-10 * time.Minute)) // received long ago: settled
			s := b.Open(t, clock.now)
			r := rand.New(rand.NewPCG(1, 2))
			var apps []int64
			for i := range 3 {
				app, _, err := s.CreateApp(ctx, fmt.Sprint("app", i), "t")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "a"}); err != nil {
					t.Fatal(err)
				}
				apps = append(apps, app.ID)
			}
			batch := 0
			ingest := func(n int) {
				for _, app := range apps {
					batch++
					req := &wire.HeartbeatRequest{InstanceId: "a", BatchId: fmt.Sprint(batch), Events: randomEvents(r, n)}
					if _, err := s.IngestHeartbeat(ctx, app, req); err != nil {
						t.Fatal(err)
					}
				}
			}
			f := &feed{store: s}
			sync := func(h map[string]time.Duration) time.Time {
				now := time.Now()
				if err := f.sync(ctx, now, h); err != nil {
					t.Fatal(err)
				}
				return now
			}
			ingest(200)
			clock.offset.Store(0)
			ingest(100) // received now: read by id after the rebuild
			short := map[string]time.Duration{store.SubjectIP: 5 * time.Minute, store.SubjectUser: 10 * time.Minute,
				store.SubjectEndpoint: time.Hour, store.SubjectApp: 90 * time.Second}
			now := sync(short)
			n := compareWithAggregate(t, s, f, apps, now)
			ingest(100)
			now = sync(uniform(24 * time.Hour)) // longer windows: rebuilt
			n += compareWithAggregate(t, s, f, apps, now)
			for range 3 {
				ingest(50)
				now = sync(uniform(24 * time.Hour))
				n += compareWithAggregate(t, s, f, apps, now)
			}
			taker := &feed{store: s}
			f = taker
			now = sync(uniform(24 * time.Hour))
			n += compareWithAggregate(t, s, f, apps, now)
			if n < 100 {
				t.Fatalf("compared %d non-zero counts: the random events miss the windows", n)
			}
		})
	}
}

// insertEvent stores an attack with a chosen id, as a transaction that
// took that id and commits now would.
func insertEvent(t *testing.T, s *store.Store, app, id int64, received time.Time) {
	t.Helper()
	_, err := s.DB().Exec(s.DB().Rebind(`INSERT INTO events (id, app_id, instance_ref, batch_id, kind, time, received_at, client_ip)
		VALUES (?, ?, 1, 'b', 'attack', ?, ?, '192.0.2.1')`), id, app, received.UnixMilli(), received.UnixMilli())
	if err != nil {
		t.Fatalf("insert event %d: %v", id, err)
	}
}

func attacks(f *feed, app int64, now time.Time) int64 {
	return f.tally.sum(app, store.SubjectIP, store.MetricAttacks, windowStart(now, 10*time.Minute))["192.0.2.1"]
}

// TestFeedCountsLateCommitsOnce: an event whose transaction commits after
// a larger id was read (a smaller id, committed late) counts once, in the
// run after its commit, whether the larger id was read by id or found
// settled by the rebuild.
func TestFeedCountsLateCommitsOnce(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			s := b.Open(t, nil)
			app, _, _ := s.CreateApp(ctx, "shop", "t")
			now := time.Now()
			insertEvent(t, s, app.ID, 1, now.Add(-4*time.Minute)) // settled
			insertEvent(t, s, app.ID, 3, now.Add(-3*time.Minute)) // settled: ids up to 3 are final
			insertEvent(t, s, app.ID, 6, now)                     // 4 and 5 may still be open
			f := &feed{store: s}
			h := uniform(10 * time.Minute)
			steps := []struct {
				at     time.Duration // after now
				insert int64         // id committed before the run, 0: none
				want   int64
				gaps   string
			}{
				{0, 0, 3, "[{4 5}]"},
				{10 * time.Second, 5, 4, "[{4 4}]"}, // late: counted
				{20 * time.Second, 0, 4, "[{4 4}]"}, // not twice
				{30 * time.Second, 8, 5, "[{4 4} {7 7}]"},
				{40 * time.Second, 4, 6, "[{7 7}]"},
				{50 * time.Second, 0, 6, "[{7 7}]"},
				{30*time.Second + settleTime + time.Second, 0, 6, "[]"}, // 7 never committed: forgotten
			}
			for _, st := range steps {
				if st.insert != 0 {
					insertEvent(t, s, app.ID, st.insert, now)
				}
				at := now.Add(st.at)
				if err := f.sync(ctx, at, h); err != nil {
					t.Fatal(err)
				}
				var gaps []store.IDRange
				for _, g := range f.gaps {
					gaps = append(gaps, g.IDRange)
				}
				if got := attacks(f, app.ID, at); got != st.want || fmt.Sprint(gaps) != st.gaps {
					t.Fatalf("at +%v (id %d committed): %d attacks, gaps %v; want %d, %s", st.at, st.insert, got, gaps, st.want, st.gaps)
				}
			}
		})
	}
}

// TestFeedCountsOpenTransactionOnce holds a real transaction open on
// PostgreSQL while a later one commits (ids out of commit order).
func TestFeedCountsOpenTransactionOnce(t *testing.T) {
	backends := storetest.Backends(t)
	if len(backends) < 2 {
		t.Skipf("needs PostgreSQL (set %s): SQLite has a single writer, ids commit in order", storetest.PostgresEnv)
	}
	ctx := context.Background()
	s := backends[1].Open(t, nil)
	app, _, _ := s.CreateApp(ctx, "shop", "t")
	insert := `INSERT INTO events (app_id, instance_ref, batch_id, kind, time, received_at, client_ip)
		VALUES ($1, 1, 'b', 'attack', $2, $2, '192.0.2.1') RETURNING id`
	now := time.Now()
	tx, err := s.DB().BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var late, early int64
	if err := tx.GetContext(ctx, &late, insert, app.ID, now.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().GetContext(ctx, &early, insert, app.ID, now.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if late >= early {
		t.Fatalf("ids %d (open) and %d (committed): want the open one smaller", late, early)
	}
	f := &feed{store: s}
	h := uniform(10 * time.Minute)
	for i, want := range []int64{1, 2, 2} {
		if i == 1 {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		at := now.Add(time.Duration(i) * 10 * time.Second)
		if err := f.sync(ctx, at, h); err != nil {
			t.Fatal(err)
		}
		if got := attacks(f, app.ID, at); got != want {
			t.Fatalf("run %d: %d attacks, want %d", i, got, want)
		}
	}
}

// TestTallyDropsOldMinutes bounds the memory: minutes older than the
// horizon are dropped, and a subject no playbook reads is not kept.
func TestTallyDropsOldMinutes(t *testing.T) {
	now := time.Now()
	tl := newTally(map[string]time.Duration{store.SubjectIP: 5 * time.Minute})
	for i := range 20 {
		at := now.Add(-time.Duration(i) * time.Minute).UnixMilli()
		tl.add(&store.ScannedEvent{AppID: 1, Time: at, Class: store.ClassAttack, ClientIP: fmt.Sprint("ip", i%3), UserName: "u"}, now)
	}
	if got := len(tl.series); got != 1 {
		t.Fatalf("%d series, want only the IPs'", got)
	}
	ips := tl.series[seriesKey{1, store.SubjectIP}]
	for v, bs := range ips {
		if len(bs) != 2 || bs[0].minute >= bs[1].minute {
			t.Errorf("%s: buckets %v, want 2 minutes of the last 6, in order", v, bs)
		}
	}
	later := now.Add(3 * time.Minute)
	tl.prune(later)
	if got := tl.sum(1, store.SubjectIP, store.MetricAttacks, windowStart(later, 5*time.Minute)); len(got) != 3 {
		t.Errorf("after 3 minutes: %v", got)
	}
	for _, bs := range ips {
		if bs[0].minute < windowStart(later, 5*time.Minute) {
			t.Errorf("bucket %d kept, older than the horizon", bs[0].minute)
		}
	}
	tl.prune(now.Add(time.Hour))
	if len(tl.series) != 0 {
		t.Errorf("an hour later, %d series kept", len(tl.series))
	}
}

func TestOpenGaps(t *testing.T) {
	now := time.Now()
	g := func(from, to int64, until time.Duration) gap {
		return gap{store.IDRange{From: from, To: to}, now.Add(until)}
	}
	gaps := []gap{g(3, 3, time.Minute), g(5, 9, time.Minute), g(12, 13, -time.Second)}
	got := openGaps(gaps, []int64{3, 5, 7, 9, 12}, now)
	want := []gap{g(6, 6, time.Minute), g(8, 8, time.Minute)} // 12-13: past its time
	if !slices.Equal(got, want) {
		t.Errorf("openGaps = %v, want %v", got, want)
	}
}

// TestWindowStart: a window starts at the beginning of the minute that
// holds now-window, so it covers the window and at most a minute more.
func TestWindowStart(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 3, 20, 0, time.UTC)
	for w, want := range map[time.Duration]string{5 * time.Minute: "11:58:00", 90 * time.Second: "12:01:00",
		3*time.Minute + 20*time.Second: "12:00:00", 24 * time.Hour: "12:03:00"} {
		got := time.Unix(windowStart(now, w)*60, 0).UTC().Format(time.TimeOnly)
		if got != want {
			t.Errorf("windowStart(12:03:20, %v) = %s, want %s", w, got, want)
		}
	}
	if got := unixMinute(-1); got != -1 {
		t.Errorf("unixMinute(-1 ms) = %d, want -1", got)
	}
}

// TestRunnerDropsAggregatesWhenAnotherLeads frees the tally of a replica
// that lost the lease; it is rebuilt if the replica leads again.
func TestRunnerDropsAggregatesWhenAnotherLeads(t *testing.T) {
	ctx := context.Background()
	s := storetest.Backends(t)[0].Open(t, nil)
	if err := EnsureBuiltins(ctx, s); err != nil {
		t.Fatal(err)
	}
	r := &Runner{Store: s, Holder: "a", Interval: 10 * time.Millisecond}
	if err := r.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if r.feed.tally == nil {
		t.Fatal("no tally after a run")
	}
	if ok, err := s.AcquireLease(ctx, LeaseName, "b", time.Hour); !ok || err != nil {
		t.Fatalf("replica b takes the lease: %v, %v", ok, err)
	}
	runCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	r.Run(runCtx)
	if r.Leader() || r.feed.tally != nil {
		t.Errorf("replica a: leader %v, tally kept %v; want neither", r.Leader(), r.feed.tally != nil)
	}
}
