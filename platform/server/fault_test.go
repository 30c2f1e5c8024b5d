package server_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/sqreen-go/sqreen/platform/agentapi"
	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/runtime/wire/wiregrpc"
)

func attackEvent(ip string) *wire.Event {
	return &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: time.Now().UnixMilli(), RuleId: "r",
		Request: &wire.RequestSummary{ClientIp: ip}}
}

// TestBadHeartbeatsAreRejected: malformed, oversized, unauthenticated and
// too frequent calls are refused with the right code and a message naming
// the problem; nothing of them is stored, and the service goes on.
func TestBadHeartbeatsAreRejected(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			st := b.Open(t, nil)
			_, token, _ := st.CreateApp(ctx, "shop", "t")
			_, otherToken, _ := st.CreateApp(ctx, "blog", "t")
			lim := agentapi.DefaultLimits()
			lim.MaxEvents, lim.RatePerSecond, lim.Burst = 5, 0.001, 30
			conn := serveForTest(ctx, t, st, server.Config{MaxMessageBytes: 64 << 10, Limits: lim})
			client := wiregrpc.NewAgentServiceClient(conn)
			auth := func(tok string) context.Context {
				return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok)
			}
			if _, err := client.Login(auth(token), &wire.LoginRequest{InstanceId: "i1"}); err != nil {
				t.Fatal(err)
			}
			hb := func(batch string, events ...*wire.Event) *wire.HeartbeatRequest {
				return &wire.HeartbeatRequest{InstanceId: "i1", BatchId: batch, Events: events}
			}
			tests := []struct {
				name    string
				ctx     context.Context
				req     *wire.HeartbeatRequest
				code    codes.Code
				message string
			}{
				{"no token", ctx, hb("b1", attackEvent("10.0.0.1")), codes.Unauthenticated, "missing authorization"},
				{"wrong token", auth("sqa_nope"), hb("b1", attackEvent("10.0.0.1")), codes.Unauthenticated, "unknown app token"},
				{"bad client ip", auth(token), hb("b1", attackEvent("10.0.0.1"), attackEvent("not-an-ip")), codes.InvalidArgument,
					"events[1].request.client_ip: not an IP address"},
				{"unknown kind", auth(token), hb("b1", &wire.Event{Kind: 42, TimeUnixMs: 1}), codes.InvalidArgument, "events[0].kind: unknown kind 42"},
				{"attack without rule", auth(token), hb("b1", &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: 1}), codes.InvalidArgument, "events[0].rule_id: required"},
				{"no batch id", auth(token), hb("", attackEvent("10.0.0.1")), codes.InvalidArgument, "batch_id: want 1-128 bytes"},
				{"too many events", auth(token), hb("b1", attackEvent("10.0.0.1"), attackEvent("10.0.0.1"), attackEvent("10.0.0.1"),
					attackEvent("10.0.0.1"), attackEvent("10.0.0.1"), attackEvent("10.0.0.1")), codes.InvalidArgument, "events: 6 entries, more than 5"},
				{"oversized", auth(token), hb("b1", &wire.Event{Kind: wire.EventKind_EVENT_KIND_CUSTOM, TimeUnixMs: 1,
					Name: strings.Repeat("x", 100<<10)}), codes.ResourceExhausted, "larger than max"},
				{"other app's instance", auth(otherToken), hb("b1", attackEvent("10.0.0.1")), codes.OK, ""},
			}
			for _, tt := range tests {
				resp, err := client.Heartbeat(tt.ctx, tt.req)
				if status.Code(err) != tt.code || (err != nil && !strings.Contains(status.Convert(err).Message(), tt.message)) {
					t.Errorf("%s: %v; want %s containing %q", tt.name, err, tt.code, tt.message)
				}
				if tt.code == codes.OK && !resp.GetRelogin() {
					t.Errorf("%s: a token of another app reached instance i1 (relogin = false)", tt.name)
				}
			}
			if n, _ := st.CountEvents(ctx, store.EventFilter{}); n != 0 {
				t.Fatalf("%d events stored from rejected heartbeats", n)
			}
			// The service goes on: a good heartbeat is stored, once.
			for range 2 {
				resp, err := client.Heartbeat(auth(token), hb("good", attackEvent("10.0.0.1")))
				if err != nil || resp.BatchId != "good" {
					t.Fatalf("good heartbeat: %v, %v", resp, err)
				}
			}
			if n, _ := st.CountEvents(ctx, store.EventFilter{}); n != 1 {
				t.Fatalf("%d events stored, want 1", n)
			}
			// The per-instance rate limit (burst 30, then almost nothing).
			var limited bool
			for i := range 40 {
				_, err := client.Heartbeat(auth(token), hb("again"))
				if status.Code(err) == codes.ResourceExhausted {
					limited = true
					break
				}
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
			}
			if !limited {
				t.Error("40 calls in a row were never rate limited")
			}
			h, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: "sqreen.agent.v1.AgentService"})
			if err != nil || h.Status != healthpb.HealthCheckResponse_SERVING {
				t.Errorf("health = %v, %v", h, err)
			}
		})
	}
}

// serveForTest serves st with cfg on loopback ports until ctx ends and
// returns a gRPC connection to it, closed at the test's end.
func serveForTest(ctx context.Context, t *testing.T, st *store.Store, cfg server.Config) *grpc.ClientConn {
	t.Helper()
	ready := make(chan string, 1)
	cfg.GRPCAddr, cfg.HTTPAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.Logger = slog.New(slog.DiscardHandler)
	cfg.Ready = func(g, _ string) { ready <- g }
	go server.Serve(ctx, st, cfg)
	conn, err := grpc.NewClient(<-ready, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
