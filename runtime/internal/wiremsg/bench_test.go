package wiremsg_test

import (
	"fmt"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// heartbeat returns a heartbeat with n attack events of a typical size.
func heartbeat(n int) *wiremsg.HeartbeatRequest {
	hb := &wiremsg.HeartbeatRequest{
		InstanceId: "4f1c2a9e-0b7d-4c55-9a61-2f3e8d7c6b5a",
		BatchId:    "4f1c2a9e-17",
		Cursor:     42,
		SentUnixMs: 1767225600000,
		Metrics: &wiremsg.Metrics{
			WindowStartUnixMs: 1767225580000, WindowEndUnixMs: 1767225600000,
			Requests: 123456, BlockedRequests: 12, Panics: 0, EventsDropped: 3,
			Hooks: []*wiremsg.HookTiming{
				{HookPoint: "net/http.Server", Calls: 123456, P50Ns: 1800, P99Ns: 25000},
				{HookPoint: "database/sql.Query", Calls: 45678, P50Ns: 900, P99Ns: 12000},
			},
			NotFoundByIp: map[string]int64{"203.0.113.7": 40, "198.51.100.23": 3},
		},
	}
	for i := range n {
		hb.Events = append(hb.Events, &wiremsg.Event{
			Kind:       wiremsg.EventKind_EVENT_KIND_ATTACK,
			TimeUnixMs: 1767225590000 + int64(i),
			RuleId:     "sqli-001",
			HookPoint:  "database/sql.Query",
			Action:     "blocked",
			Severity:   "high",
			Request: &wiremsg.RequestSummary{
				RequestId: fmt.Sprintf("req-%d", i),
				Method:    "GET",
				Host:      "shop.example.com",
				Path:      "/products",
				Route:     "/products",
				ClientIp:  "203.0.113.7",
				UserAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
				Status:    403,
				Headers: map[string]string{
					"accept": "text/html", "accept-language": "en-US", "authorization": "<redacted>",
					"cookie": "<redacted>", "host": "shop.example.com", "user-agent": "Mozilla/5.0",
				},
				Query:  "id=1%27%20OR%201%3D1--",
				Params: []*wiremsg.Param{{Source: "query.id", Value: "1' OR 1=1--"}},
			},
			Evidence: []*wiremsg.Evidence{{
				Detector: "sqli", Source: "query.id", Input: "1' OR 1=1--",
				Sink: "SELECT * FROM products WHERE id = '1' OR 1=1--'", Offset: 34, Reason: "tautology",
			}},
			Stack: []*wiremsg.Frame{
				{Function: "database/sql.(*DB).QueryContext", File: "database/sql/sql.go", Line: 1728},
				{Function: "example.com/shop/store.(*Store).Product", File: "store/product.go", Line: 88},
				{Function: "example.com/shop/web.productHandler", File: "web/handlers.go", Line: 41},
				{Function: "net/http.HandlerFunc.ServeHTTP", File: "net/http/server.go", Line: 2294},
			},
			Properties: map[string]string{"input": "1' OR 1=1--", "param": "id"},
		})
	}
	return hb
}

// BenchmarkAppendHeartbeatRequest encodes a heartbeat with 50 events with
// wiremsg (into a reused buffer, as the agent does) and, for comparison,
// with the generated code.
func BenchmarkAppendHeartbeatRequest(b *testing.B) {
	hb := heartbeat(50)
	g := newConverter(b).toGen(b, hb)
	b.Run("wiremsg", func(b *testing.B) {
		b.ReportAllocs()
		buf := hb.AppendWire(nil)
		b.SetBytes(int64(len(buf)))
		for b.Loop() {
			buf = hb.AppendWire(buf[:0])
		}
	})
	b.Run("wiremsg-new-buffer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			hb.AppendWire(make([]byte, 5, 512))
		}
	})
	b.Run("proto.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := proto.Marshal(g); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("proto.Marshal-deterministic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := deterministic.Marshal(g); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkUnmarshalHeartbeatResponse decodes a reply with a few commands.
func BenchmarkUnmarshalHeartbeatResponse(b *testing.B) {
	enc := populated(b, "HeartbeatResponse", 0).AppendWire(nil)
	g := newConverter(b).toGen(b, &wiremsg.HeartbeatResponse{})
	b.Run("wiremsg", func(b *testing.B) {
		b.ReportAllocs()
		var m wiremsg.HeartbeatResponse
		for b.Loop() {
			if err := m.UnmarshalWire(enc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("proto.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := proto.Unmarshal(enc, g); err != nil {
				b.Fatal(err)
			}
		}
	})
}
