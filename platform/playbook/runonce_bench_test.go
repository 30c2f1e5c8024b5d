package playbook

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
)

// Benchmark sizes: the events stored in the windows before the first run,
// and the events stored between two runs (steady state).
const (
	benchStored = 500_000
	benchNew    = 10_000
)

// benchInsert stores n events shaped like the load test's (attacks from
// random IPs of 10.0-3.x.x on one path; one in twenty a failed login of
// one of 5,000 users), with times in the last 10 minutes, received age
// ago, in one transaction.
func benchInsert(b *testing.B, s *store.Store, app int64, n int, age time.Duration, r *rand.Rand) {
	b.Helper()
	now := time.Now().UnixMilli()
	received := now - age.Milliseconds()
	tx, err := s.DB().Beginx()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Preparex(s.DB().Rebind(`INSERT INTO events (app_id, instance_ref, batch_id, kind, time, received_at,
		client_ip, user_name, path, success) VALUES (?, 1, 'b', ?, ?, ?, ?, ?, '/search', FALSE)`))
	if err != nil {
		b.Fatal(err)
	}
	for range n {
		ip := fmt.Sprintf("10.%d.%d.%d", r.IntN(4), r.IntN(256), r.IntN(256))
		kind, user := "attack", ""
		if r.IntN(20) == 0 {
			kind, user = "auth", fmt.Sprint("user", r.IntN(5000))
		}
		if _, err := stmt.Exec(app, kind, now-r.Int64N(10*time.Minute.Milliseconds()), received, ip, user); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// benchStore opens a SQLite store with the built-in playbooks and an app.
func benchStore(b *testing.B) (*store.Store, store.App) {
	ctx := context.Background()
	s := storetest.Backends(b)[0].Open(b, nil)
	if err := EnsureBuiltins(ctx, s); err != nil {
		b.Fatal(err)
	}
	app, _, err := s.CreateApp(ctx, "load", "t")
	if err != nil {
		b.Fatal(err)
	}
	return s, app
}

// BenchmarkRunOnce measures one run of the built-in playbooks on SQLite
// after benchNew new events, over benchStored events in the windows: the
// tally (new) against a GROUP BY per aggregate (old, direct). rows/op are
// the event rows read: by the feed, or visited by the old queries' index
// ranges (app_id, time >= window start).
func BenchmarkRunOnce(b *testing.B) {
	ctx := context.Background()
	s, app := benchStore(b)
	r := rand.New(rand.NewPCG(1, 2))
	benchInsert(b, s, app.ID, benchStored, 3*time.Minute, r) // settled: a rebuild reads them by time
	for _, mode := range []string{"old", "new"} {
		b.Run(mode, func(b *testing.B) {
			run := &Runner{Store: s, Holder: "bench", direct: mode == "old", Logger: slog.New(slog.DiscardHandler)}
			if err := run.RunOnce(ctx); err != nil { // the rebuild, and the first firings
				b.Fatal(err)
			}
			var rows int64
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				benchInsert(b, s, app.ID, benchNew, 0, r)
				before := run.feed.rows
				if mode == "old" {
					rows += oldRows(b, s, app.ID)
				}
				b.StartTimer()
				if err := run.RunOnce(ctx); err != nil {
					b.Fatal(err)
				}
				rows += run.feed.rows - before
			}
			b.StopTimer()
			b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
			if mode == "new" {
				bytes, values := tallyBytes(b, run)
				b.ReportMetric(float64(bytes)/float64(values), "tally-B/value")
			}
		})
	}
}

// BenchmarkRebuild measures the first run of a replica (start, takeover)
// over benchStored events received minutes ago: one read by time.
func BenchmarkRebuild(b *testing.B) {
	ctx := context.Background()
	s, app := benchStore(b)
	benchInsert(b, s, app.ID, benchStored, 3*time.Minute, rand.New(rand.NewPCG(1, 2)))
	run := &Runner{Store: s, Holder: "bench", Logger: slog.New(slog.DiscardHandler)}
	b.ResetTimer()
	for range b.N {
		run.feed.reset()
		before := run.feed.rows
		if err := run.RunOnce(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(run.feed.rows-before), "rows/op")
	}
}

// oldRows counts the rows the old queries of the built-in playbooks
// visit: ip.attacks 5m, ip.auth_failures 10m, user.auth_failures 10m,
// endpoint.attacks 5m and 24h.
func oldRows(b *testing.B, s *store.Store, app int64) int64 {
	now := time.Now()
	var total int64
	for _, w := range []time.Duration{5 * time.Minute, 10 * time.Minute, 10 * time.Minute, 5 * time.Minute, 24 * time.Hour} {
		var n int64
		if err := s.DB().Get(&n, s.DB().Rebind(`SELECT count(*) FROM events WHERE app_id = ? AND time >= ?`),
			app, windowStart(now, w)*time.Minute.Milliseconds()); err != nil {
			b.Fatal(err)
		}
		total += n
	}
	return total
}

// tallyBytes measures the heap a rebuilt tally holds, and the number of
// subject values it counts.
func tallyBytes(b *testing.B, run *Runner) (uint64, int) {
	var before, after runtime.MemStats
	run.feed.reset()
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := run.RunOnce(context.Background()); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	values := 0
	for _, vs := range run.feed.tally.series {
		values += len(vs)
	}
	return after.HeapAlloc - before.HeapAlloc, values
}
