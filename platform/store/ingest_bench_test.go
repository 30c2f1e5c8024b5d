package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// benchApps names each benchmark run's app: with -count, runs share the
// benchmark's database file.
var benchApps atomic.Int64

// benchEvents returns 50 attack events from client IPs spread over
// 10.0.0.0/14, as in platform/loadtest: the index by IP takes rows all
// over the file, unlike 50 IPs reused.
func benchEvents(rng *rand.Rand) []*wire.Event {
	events := make([]*wire.Event, 50)
	for i := range events {
		ip := fmt.Sprintf("10.%d.%d.%d", rng.IntN(4), rng.IntN(256), rng.IntN(256))
		events[i] = &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: time.Now().UnixMilli(), RuleId: "rasp-sqli",
			HookPoint: "sql", Action: "block", Request: &wire.RequestSummary{ClientIp: ip, Path: "/q", Method: "GET"},
			Evidence: []*wire.Evidence{{Detector: "sqli", Source: "query.id", Input: "1' OR '1'='1", Sink: "SELECT 1 WHERE a = '1' OR '1'='1'"}}}
	}
	return events
}

// BenchmarkIngestHeartbeatParallel stores heartbeats of 50 attack events
// from 64 instances at once, as a loaded platform sees them (grouped in
// shared transactions); events/s counts all of them.
func BenchmarkIngestHeartbeatParallel(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			ctx := context.Background()
			s := be.Open(b, nil)
			app, _, err := s.CreateApp(ctx, fmt.Sprint("shop", benchApps.Add(1)), "b")
			if err != nil {
				b.Fatal(err)
			}
			const instances = 64
			for i := range instances {
				if _, err := s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: fmt.Sprint("i", i)}); err != nil {
					b.Fatal(err)
				}
			}
			rng := rand.New(rand.NewPCG(1, 2))
			sets := make([][]*wire.Event, 64)
			for i := range sets {
				sets[i] = benchEvents(rng)
			}
			var next, batch atomic.Int64
			b.SetParallelism((instances + 1) / 2) // 64 goroutines on 2 CPUs
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				n := next.Add(1)
				inst := fmt.Sprint("i", n%instances)
				for pb.Next() {
					k := batch.Add(1)
					_, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: inst, BatchId: fmt.Sprint(k), Events: sets[k%64],
						Metrics: &wire.Metrics{Requests: 10, Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 3, P50Ns: 1, P99Ns: 2}}}})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(50*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkIngestHeartbeat stores heartbeats of 50 attack events one at a
// time (each waits for its commit); events/s = 50 / (ns/op) * 1e9.
func BenchmarkIngestHeartbeat(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			ctx := context.Background()
			s := be.Open(b, nil)
			app, _, err := s.CreateApp(ctx, fmt.Sprint("shop", benchApps.Add(1)), "b")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "i1"}); err != nil {
				b.Fatal(err)
			}
			events := benchEvents(rand.New(rand.NewPCG(1, 2)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				_, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: fmt.Sprint(i), Events: events,
					Metrics: &wire.Metrics{Requests: 10, Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 3, P50Ns: 1, P99Ns: 2}}}})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(50*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
