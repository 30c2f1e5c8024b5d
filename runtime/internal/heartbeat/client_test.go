package heartbeat

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// TestFaults runs the client against a platform that misbehaves in one way
// each, and checks that every event reaches the platform exactly once.
func TestFaults(t *testing.T) {
	tests := []struct {
		name      string
		misbehave func(n int, req *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error)
		wantDups  bool // the platform must have seen resends of stored batches
	}{
		{name: "healthy"},
		{
			name: "errors before storing",
			misbehave: func(n int, _ *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error) {
				if n%3 != 0 {
					return false, nil, status.Error(codes.Unavailable, "db down")
				}
				return true, nil, nil
			},
		},
		{
			name: "ack lost after storing",
			misbehave: func(n int, _ *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error) {
				if n%2 == 1 {
					return true, nil, status.Error(codes.Internal, "crashed after commit")
				}
				return true, nil, nil
			},
			wantDups: true,
		},
		{
			name: "slow beyond the timeout after storing",
			misbehave: func(n int, _ *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error) {
				if n%2 == 1 {
					time.Sleep(400 * time.Millisecond) // RPCTimeout is 200 ms
				}
				return true, nil, nil
			},
			wantDups: true,
		},
		{
			name: "garbage acknowledgement",
			misbehave: func(n int, req *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error) {
				if n%2 == 1 {
					return true, &wire.HeartbeatResponse{BatchId: "not-" + req.BatchId, Cursor: -5}, nil
				}
				return true, nil, nil
			},
			wantDups: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakePlatform("sqa_test")
			f.misbehave = tt.misbehave
			f.serve(t, "")
			a := &fakeAgent{}
			stop := Start(context.Background(), testConfig(f.addr), a)
			defer stop()
			const total = 60
			for range total / 6 {
				a.emit(6)
				time.Sleep(3 * time.Millisecond)
			}
			eventually(t, "all events stored", func() bool { return allStoredOnce(t, f, total) })
			if _, dups, _ := f.snapshot(); tt.wantDups && dups == 0 {
				t.Errorf("no batch was resent; the fault was not exercised")
			}
		})
	}
}

// TestPlatformDownAtStartThenUp: login fails until the platform appears;
// events queued meanwhile arrive once.
func TestPlatformDownAtStartThenUp(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close() // nothing listens there yet
	a := &fakeAgent{}
	stop := Start(context.Background(), testConfig(addr), a)
	defer stop()
	a.emit(20)
	time.Sleep(100 * time.Millisecond) // several failed logins
	f := newFakePlatform("sqa_test")
	f.serve(t, addr)
	eventually(t, "events after late login", func() bool { return allStoredOnce(t, f, 20) })
}

// TestPlatformDownMidRun: the platform stops and comes back on the same
// address; nothing is lost or doubled.
func TestPlatformDownMidRun(t *testing.T) {
	f := newFakePlatform("sqa_test")
	f.serve(t, "")
	a := &fakeAgent{}
	stop := Start(context.Background(), testConfig(f.addr), a)
	defer stop()
	a.emit(10)
	eventually(t, "first events", func() bool { return allStoredOnce(t, f, 10) })
	f.stop()
	a.emit(10)
	time.Sleep(100 * time.Millisecond)
	f.serve(t, f.addr)
	a.emit(10)
	eventually(t, "events across the outage", func() bool { return allStoredOnce(t, f, 30) })
}

// TestBacklogIsBounded: with the platform away, the oldest events beyond
// MaxBacklog are dropped and the drop is reported.
func TestBacklogIsBounded(t *testing.T) {
	f := newFakePlatform("sqa_test")
	f.serve(t, "")
	var refuse = true
	f.misbehave = func(n int, _ *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if refuse {
			return false, nil, status.Error(codes.Unavailable, "away")
		}
		return true, nil, nil
	}
	cfg := testConfig(f.addr)
	cfg.MaxBacklog = 20
	a := &fakeAgent{}
	stop := Start(context.Background(), cfg, a)
	defer stop()
	a.emit(50)
	eventually(t, "agent queue drained", func() bool { a.mu.Lock(); defer a.mu.Unlock(); return len(a.queue) == 0 })
	time.Sleep(50 * time.Millisecond) // a few refused heartbeats
	f.mu.Lock()
	refuse = false
	f.mu.Unlock()
	eventually(t, "the 20 events that fit stored, 30 drops reported", func() bool {
		stored, _, d := f.snapshot()
		return len(stored) == 20 && d == 30
	})
	stored, _, _ := f.snapshot()
	if stored["e49"] != 1 {
		t.Errorf("newest event e49 not stored: the oldest must be the ones dropped")
	}
}

// TestRejectedBatchIsDropped: InvalidArgument drops the batch (counted)
// instead of resending it forever.
func TestRejectedBatchIsDropped(t *testing.T) {
	f := newFakePlatform("sqa_test")
	f.misbehave = func(n int, req *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error) {
		for _, e := range req.Events {
			if e.Name == "e0" {
				return false, nil, status.Error(codes.InvalidArgument, "events[0]: bad")
			}
		}
		return true, nil, nil
	}
	f.serve(t, "")
	cfg := testConfig(f.addr)
	cfg.MaxBatch = 3
	a := &fakeAgent{}
	stop := Start(context.Background(), cfg, a)
	defer stop()
	a.emit(6)
	eventually(t, "later batch stored with the drop count", func() bool {
		stored, _, dropped := f.snapshot()
		return stored["e5"] == 1 && dropped == 3
	})
	if stored, _, _ := f.snapshot(); stored["e0"] != 0 {
		t.Fatal("rejected event stored")
	}
}

// TestCommandsAppliedInOrderOnce: login state, then commands after the
// cursor, each once; failures are acknowledged with their error; the
// platform's interval is used.
func TestCommandsAppliedInOrderOnce(t *testing.T) {
	f := newFakePlatform("sqa_test")
	f.loginState = []*wire.Command{{Action: &wire.Command_SetMode{SetMode: &wire.SetMode{Mode: wire.Mode_MODE_BLOCK}}}}
	f.serve(t, "")
	a := &fakeAgent{fail: func(c *wiremsg.Command) error {
		if c.GetBlock().GetValue() == "bad" {
			return errors.New("bad value")
		}
		return nil
	}}
	stop := Start(context.Background(), testConfig(f.addr), a)
	defer stop()
	eventually(t, "login state applied", func() bool { return a.appliedCount() == 1 })
	f.push(&wire.Command{Action: &wire.Command_Block{Block: &wire.Block{Kind: wire.BlockKind_BLOCK_KIND_IP, Value: "10.0.0.1"}}})
	f.push(&wire.Command{Action: &wire.Command_Block{Block: &wire.Block{Kind: wire.BlockKind_BLOCK_KIND_IP, Value: "bad"}}})
	f.push(&wire.Command{Action: &wire.Command_Unblock{Unblock: &wire.Unblock{Kind: wire.BlockKind_BLOCK_KIND_IP, Value: "10.0.0.1"}}})
	eventually(t, "commands applied", func() bool { return a.appliedCount() == 4 })
	eventually(t, "failure acknowledged", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.acks) == 1 && f.acks[0].Seq == 2 && f.acks[0].Error == "bad value"
	})
	time.Sleep(50 * time.Millisecond) // more heartbeats: nothing applied twice
	a.mu.Lock()
	defer a.mu.Unlock()
	want := []string{"set_mode", "10.0.0.1", "bad", "unblock 10.0.0.1"}
	got := []string{}
	for _, c := range a.applied {
		switch {
		case c.GetSetMode() != nil:
			got = append(got, "set_mode")
		case c.GetBlock() != nil:
			got = append(got, c.GetBlock().Value)
		case c.GetUnblock() != nil:
			got = append(got, "unblock "+c.GetUnblock().Value)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("applied %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("applied %v, want %v", got, want)
		}
	}
}

// TestStopFlushesAndLogsOut: events queued right before stop are sent.
func TestStopFlushesAndLogsOut(t *testing.T) {
	f := newFakePlatform("sqa_test")
	f.serve(t, "")
	cfg := testConfig(f.addr)
	cfg.Interval = time.Hour
	f.loginState = []*wire.Command{{Action: &wire.Command_SetMode{SetMode: &wire.SetMode{Mode: wire.Mode_MODE_BLOCK}}}}
	a := &fakeAgent{}
	stop := Start(context.Background(), cfg, a)
	eventually(t, "login done", func() bool { return a.appliedCount() == 1 })
	a.emit(3)
	stop()
	if !allStoredOnce(t, f, 3) {
		t.Fatal("events queued before stop were not flushed")
	}
}

// TestBadConfigIsANoop: Start with no address returns a stop that works.
func TestBadConfigIsANoop(t *testing.T) {
	stop := Start(context.Background(), Config{Token: "x"}, &fakeAgent{})
	stop()
}

func TestWrongTokenRetriesForever(t *testing.T) {
	f := newFakePlatform("sqa_right")
	f.serve(t, "")
	a := &fakeAgent{}
	stop := Start(context.Background(), testConfig(f.addr), a)
	time.Sleep(50 * time.Millisecond)
	f.mu.Lock()
	f.token = "sqa_test" // the operator fixes the token on the platform side
	f.mu.Unlock()
	a.emit(2)
	eventually(t, "events after the token is accepted", func() bool { return allStoredOnce(t, f, 2) })
	stop()
}

// TestMetricsSurviveLostAcks: when the platform stored a heartbeat but its
// answer was lost, the resend is a duplicate it ignores; the metrics of
// the windows since then must still arrive, once. Every window the agent
// reported is counted exactly once by the end.
func TestMetricsSurviveLostAcks(t *testing.T) {
	f := newFakePlatform("sqa_test")
	f.misbehave = func(n int, _ *wire.HeartbeatRequest) (bool, *wire.HeartbeatResponse, error) {
		if n == 2 || n == 3 || n == 6 {
			return true, nil, status.Error(codes.Unavailable, "answer lost")
		}
		return true, nil, nil
	}
	f.serve(t, "")
	a := &fakeAgent{}
	stop := Start(context.Background(), testConfig(f.addr), a)
	eventually(t, "ten heartbeats", func() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.heartbeats >= 10 })
	stop()
	f.mu.Lock()
	defer f.mu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	if f.dupSends == 0 {
		t.Fatal("no duplicate resend: the test did not exercise a lost answer")
	}
	if f.requests != a.windows {
		t.Errorf("platform counted %d requests, the agent reported %d windows of 1", f.requests, a.windows)
	}
}
