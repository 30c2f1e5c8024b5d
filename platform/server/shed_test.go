package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/sqreen-go/sqreen/platform/agentapi"
	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/runtime/wire/wiregrpc"
)

// TestOverloadIsResourceExhausted: a heartbeat the store refuses because
// heartbeats wait too long for a writer reaches the agent as
// ResourceExhausted with a retry-after-ms trailer, nothing of it is
// stored, and the same batch sent again later is stored once. The store's
// limit is 1 ns, so any heartbeat that arrives while a group is being
// committed is refused: bursts of concurrent heartbeats find one.
func TestOverloadIsResourceExhausted(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			st, err := store.Open(ctx, b.URL, store.Options{MaxQueueWait: time.Nanosecond})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			_, token, err := st.CreateApp(ctx, "shop", "t")
			if err != nil {
				t.Fatal(err)
			}
			lim := agentapi.DefaultLimits()
			lim.RatePerSecond, lim.Burst = 1000, 1000
			client := wiregrpc.NewAgentServiceClient(serveForTest(ctx, t, st, server.Config{Limits: lim}))
			auth := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
			const instances = 32
			for i := range instances {
				if _, err := client.Login(auth, &wire.LoginRequest{InstanceId: fmt.Sprint("i", i)}); err != nil {
					t.Fatal(err)
				}
			}
			type shed struct {
				req     *wire.HeartbeatRequest
				err     error
				trailer metadata.MD
			}
			var refused *shed
			for round := 0; round < 50 && refused == nil; round++ {
				var mu sync.Mutex
				var wg sync.WaitGroup
				for i := range instances {
					wg.Add(1)
					go func() {
						defer wg.Done()
						req := &wire.HeartbeatRequest{InstanceId: fmt.Sprint("i", i), BatchId: fmt.Sprintf("r%d", round),
							Events: []*wire.Event{attackEvent(fmt.Sprintf("10.0.%d.%d", round, i))}}
						var trailer metadata.MD
						_, err := client.Heartbeat(auth, req, grpc.Trailer(&trailer))
						if status.Code(err) == codes.ResourceExhausted {
							mu.Lock()
							refused = &shed{req, err, trailer}
							mu.Unlock()
						} else if err != nil {
							t.Errorf("heartbeat %s of %s: %v", req.BatchId, req.InstanceId, err)
						}
					}()
				}
				wg.Wait()
			}
			if refused == nil {
				t.Fatal("50 bursts of 32 concurrent heartbeats against a 1 ns queue limit: none refused")
			}
			if msg := status.Convert(refused.err).Message(); !strings.Contains(msg, "overloaded") {
				t.Errorf("refusal message %q; want it to say the platform is overloaded", msg)
			}
			if got := refused.trailer.Get("retry-after-ms"); len(got) != 1 || got[0] == "" || got[0] == "0" {
				t.Errorf("retry-after-ms trailer = %q; want one positive value", got)
			}
			ip := refused.req.Events[0].Request.ClientIp
			if n, _ := st.CountEvents(ctx, store.EventFilter{ClientIP: ip}); n != 0 {
				t.Fatalf("refused heartbeat stored %d events", n)
			}
			// Sent again alone (the agent backs off), it is stored once;
			// one concurrent sender cannot be refused for long.
			var resp *wire.HeartbeatResponse
			for attempt := 0; attempt < 100; attempt++ {
				if resp, err = client.Heartbeat(auth, refused.req); status.Code(err) != codes.ResourceExhausted {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err != nil || resp.Duplicate {
				t.Fatalf("resent batch: %v, %v; want stored", resp, err)
			}
			if n, _ := st.CountEvents(ctx, store.EventFilter{ClientIP: ip}); n != 1 {
				t.Fatalf("resent batch: %d events stored, want 1", n)
			}
		})
	}
}
