package heartbeat

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/runtime/wire/wiregrpc"
)

// fakePlatform is an in-process platform that stores each batch once and
// can misbehave on chosen calls.
type fakePlatform struct {
	mu         sync.Mutex
	token      string
	heartbeats int             // heartbeat calls received
	logins     int             // login calls received
	stored     map[string]int  // event name -> times stored
	batches    map[string]bool // batch ids stored
	dupSends   int             // resends of a stored batch
	dropped    int64           // sum of metrics.events_dropped received
	requests   int64           // sum of metrics.requests of stored batches
	acks       []*wire.CommandAck
	commands   []*wire.Command // the app's command log
	loginState []*wire.Command // returned by login (seq 0)
	intervalMS int64
	// misbehave, when set, is asked before each heartbeat is handled; it
	// may store the batch and then fail (lost ack) by returning an error.
	misbehave func(n int, req *wire.HeartbeatRequest) (store bool, resp *wire.HeartbeatResponse, err error)
	srv       *grpc.Server
	addr      string
	wiregrpc.UnimplementedAgentServiceServer
}

func newFakePlatform(token string) *fakePlatform {
	return &fakePlatform{token: token, stored: map[string]int{}, batches: map[string]bool{}}
}

// serve starts (or restarts) the platform on addr ("" picks a port).
func (f *fakePlatform) serve(t *testing.T, addr string) {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var lis net.Listener
	var err error
	for range 50 { // the port may take a moment to be free again
		if lis, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	srv := grpc.NewServer()
	wiregrpc.RegisterAgentServiceServer(srv, f)
	f.mu.Lock()
	f.srv, f.addr = srv, lis.Addr().String()
	f.mu.Unlock()
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
}

func (f *fakePlatform) stop() {
	f.mu.Lock()
	srv := f.srv
	f.mu.Unlock()
	srv.Stop()
}

func (f *fakePlatform) auth(ctx context.Context) error {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	if v := md.Get("authorization"); len(v) != 1 || v[0] != "Bearer "+f.token {
		return status.Error(codes.Unauthenticated, "bad token")
	}
	return nil
}

func (f *fakePlatform) Login(ctx context.Context, req *wire.LoginRequest) (*wire.LoginResponse, error) {
	if err := f.auth(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logins++
	return &wire.LoginResponse{Commands: f.loginState, Cursor: int64(len(f.commands)), HeartbeatIntervalMs: f.intervalMS}, nil
}

func (f *fakePlatform) Heartbeat(ctx context.Context, req *wire.HeartbeatRequest) (*wire.HeartbeatResponse, error) {
	if err := f.auth(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.heartbeats++
	n := f.heartbeats
	misbehave := f.misbehave
	f.mu.Unlock()
	store, resp, err := true, (*wire.HeartbeatResponse)(nil), error(nil)
	if misbehave != nil {
		store, resp, err = misbehave(n, req)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if store {
		if f.batches[req.BatchId] {
			f.dupSends++
		} else {
			f.batches[req.BatchId] = true
			for _, e := range req.Events {
				f.stored[e.Name]++
			}
			f.dropped += req.GetMetrics().GetEventsDropped()
			f.requests += req.GetMetrics().GetRequests()
			f.acks = append(f.acks, req.Acks...)
		}
	}
	if err != nil || resp != nil {
		return resp, err
	}
	out := &wire.HeartbeatResponse{BatchId: req.BatchId, Cursor: max(req.Cursor, int64(len(f.commands)))}
	for _, c := range f.commands {
		if c.Seq > req.Cursor {
			out.Commands = append(out.Commands, c)
		}
	}
	return out, nil
}

func (f *fakePlatform) Logout(ctx context.Context, req *wire.LogoutRequest) (*wire.LogoutResponse, error) {
	return &wire.LogoutResponse{}, f.auth(ctx)
}

// push appends a command to the app's log.
func (f *fakePlatform) push(c *wire.Command) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.Seq = int64(len(f.commands) + 1)
	f.commands = append(f.commands, c)
}

func (f *fakePlatform) snapshot() (stored map[string]int, dupSends int, dropped int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.stored {
		out[k] = v
	}
	return out, f.dupSends, f.dropped
}

// fakeAgent queues events named e0, e1, ... and records applied commands.
type fakeAgent struct {
	mu      sync.Mutex
	queue   []*wiremsg.Event
	next    int
	applied []*wiremsg.Command
	fail    func(*wiremsg.Command) error
	windows int64 // Metrics calls, each reporting one request
}

func (a *fakeAgent) emit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for range n {
		a.queue = append(a.queue, &wiremsg.Event{Kind: wiremsg.EventKind_EVENT_KIND_CUSTOM, Name: fmt.Sprintf("e%d", a.next),
			TimeUnixMs: time.Now().UnixMilli()})
		a.next++
	}
}

func (a *fakeAgent) Apply(c *wiremsg.Command) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.applied = append(a.applied, c)
	if a.fail != nil {
		return a.fail(c)
	}
	return nil
}

func (a *fakeAgent) DrainEvents(max int) []*wiremsg.Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := min(max, len(a.queue))
	out := a.queue[:n:n]
	a.queue = a.queue[n:]
	return out
}

func (a *fakeAgent) Metrics() *wiremsg.Metrics {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.windows++
	return &wiremsg.Metrics{Requests: 1}
}

func (a *fakeAgent) Inventory() ([]*wiremsg.Site, string) {
	return []*wiremsg.Site{{HookPoint: "sql", Package: "main", File: "main.go", Line: 3}}, "builtin"
}

func (a *fakeAgent) appliedCount() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.applied)
}

// testConfig has short delays so faults resolve quickly.
func testConfig(addr string) Config {
	return Config{Addr: addr, Token: "sqa_test", Insecure: true, AppName: "shop", Interval: 10 * time.Millisecond,
		MinInterval: time.Millisecond, RPCTimeout: 200 * time.Millisecond, BackoffMin: 2 * time.Millisecond,
		BackoffMax: 40 * time.Millisecond, MaxBatch: 7, Logger: slog.New(slog.DiscardHandler)}
}

// eventually polls cond for up to 20 s (a bound on a liveness property,
// not a timing assertion).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// allStoredOnce reports whether e0..e(n-1) were each stored exactly once,
// and fails the test at once if one was stored twice.
func allStoredOnce(t *testing.T, f *fakePlatform, n int) bool {
	t.Helper()
	stored, _, _ := f.snapshot()
	for name, c := range stored {
		if c > 1 {
			t.Fatalf("event %s stored %d times", name, c)
		}
	}
	return len(stored) == n
}
