package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// BenchmarkIngestHeartbeat stores heartbeats of 50 attack events (the
// platform's hot path); events/s = 50 / (ns/op) * 1e9.
func BenchmarkIngestHeartbeat(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			ctx := context.Background()
			s := be.Open(b, nil)
			app, _, _ := s.CreateApp(ctx, "shop", "b")
			s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "i1"})
			events := make([]*wire.Event, 50)
			for i := range events {
				events[i] = &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: time.Now().UnixMilli(), RuleId: "rasp-sqli",
					HookPoint: "sql", Action: "block", Request: &wire.RequestSummary{ClientIp: fmt.Sprintf("10.0.0.%d", i), Path: "/q", Method: "GET"},
					Evidence: []*wire.Evidence{{Detector: "sqli", Source: "query.id", Input: "1' OR '1'='1", Sink: "SELECT 1 WHERE a = '1' OR '1'='1'"}}}
			}
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
