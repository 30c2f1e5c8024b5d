package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// TestLoadShedding: while the queue wait noted by the writers is above the
// limit, a heartbeat is refused with ErrOverloaded and nothing of it is
// stored; a writer that empties the queue clears the wait, and the same
// batch sent again is stored.
func TestLoadShedding(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite://"+filepath.Join(t.TempDir(), "shed.db"), Options{MaxQueueWait: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	app, _, err := s.CreateApp(ctx, "shop", "t")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "i1", Host: "h", Pid: 1}); err != nil {
		t.Fatal(err)
	}
	hb := func(batch string) *wire.HeartbeatRequest {
		return &wire.HeartbeatRequest{InstanceId: "i1", BatchId: batch, Metrics: &wire.Metrics{Requests: 1},
			Events: []*wire.Event{{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: time.Now().UnixMilli(), RuleId: "sqli",
				HookPoint: "sql", Action: "blocked", Request: &wire.RequestSummary{ClientIp: "10.0.0.1", Method: "GET", Path: "/q"}}}}
	}
	events := func() int {
		var n int
		if err := s.db.GetContext(ctx, &n, "SELECT COUNT(*) FROM events"); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// A writer saw its oldest heartbeat wait a second.
	s.group.wait.Store(int64(time.Second))
	_, err = s.IngestHeartbeat(ctx, app.ID, hb("b1"))
	if !errors.Is(err, ErrOverloaded) || !strings.Contains(err.Error(), "1s") || !strings.Contains(err.Error(), "20ms") {
		t.Fatalf("heartbeat while the queue waits 1s: %v; want ErrOverloaded naming the wait and the limit", err)
	}
	if n := events(); n != 0 {
		t.Fatalf("refused heartbeat stored %d events", n)
	}

	// A heartbeat queued 50 ms before a writer takes it: the writer notes
	// the wait, commits, finds the queue empty and clears the wait.
	g := newGroupCommit(s, 0, 4, 20*time.Millisecond)
	defer g.stop()
	done := make(chan error, 1)
	go func() { _, err := g.ingest(ctx, app.ID, hb("b1")); done <- err }()
	time.Sleep(50 * time.Millisecond)
	g.writers.Add(1)
	go g.loop()
	if err := <-done; err != nil {
		t.Fatalf("queued heartbeat: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for g.wait.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("queue wait %s after the queue emptied; want 0", time.Duration(g.wait.Load()))
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := g.ingest(ctx, app.ID, hb("b2")); err != nil {
		t.Fatalf("heartbeat after the queue emptied: %v", err)
	}
	if n := events(); n != 2 {
		t.Fatalf("%d events stored; want 2", n)
	}

	// Negative: never refuse.
	g2 := newGroupCommit(s, 1, 4, -1)
	defer g2.stop()
	g2.wait.Store(int64(time.Hour))
	if _, err := g2.ingest(ctx, app.ID, hb("b3")); err != nil {
		t.Fatalf("heartbeat with shedding off: %v", err)
	}
}
