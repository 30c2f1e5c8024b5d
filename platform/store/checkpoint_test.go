package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// TestCheckpointerCopiesTheLog: the writer's connection never
// checkpoints (wal_autocheckpoint(0)), so the database file grows while
// the store is open only because the checkpointer copies the log into it.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	s, err := Open(ctx, "sqlite://"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var auto int
	if err := s.db.GetContext(ctx, &auto, "PRAGMA wal_autocheckpoint"); err != nil || auto != 0 {
		t.Fatalf("writer's wal_autocheckpoint = %d, %v; want 0", auto, err)
	}
	app, _, err := s.CreateApp(ctx, "shop", "t")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "i1"}); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	for b := range 20 {
		var events []*wire.Event
		for i := range 200 {
			events = append(events, &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: time.Now().UnixMilli(),
				RuleId: "sqli", Request: &wire.RequestSummary{ClientIp: fmt.Sprintf("10.0.%d.%d", b, i)}})
		}
		if _, err := s.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i1", BatchId: fmt.Sprint(b), Events: events}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for fileSize(t, path) <= before {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes 10 s after 4,000 events were committed: no checkpoint ran", before)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := s.ckpt.errors.Load(); n != 0 {
		t.Errorf("%d checkpoints failed", n)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
