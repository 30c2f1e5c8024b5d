package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// TestCommandCacheAnswersAsTheLog: CommandsAfter gives the same commands
// and cursor from the cache as from the database, for cursors in any
// order, while the log grows, and after the log went back.
func TestCommandCacheAnswersAsTheLog(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite://"+filepath.Join(t.TempDir(), "cmds.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	app, _, err := s.CreateApp(ctx, "shop", "t")
	if err != nil {
		t.Fatal(err)
	}
	made := 0
	block := func(n int) {
		for range n {
			made++
			ip := fmt.Sprintf("10.1.%d.%d", made/256, made%256)
			if _, err := s.CreateBlock(ctx, NewBlock{AppID: app.ID, Kind: "ip", Value: ip, Source: "manual"}, "t"); err != nil {
				t.Fatal(err)
			}
		}
	}
	uncached := func(cursor int64) ([]*wire.Command, int64, bool) {
		saved := s.cmdCache.apps
		s.cmdCache.apps = nil
		defer func() { s.cmdCache.apps = saved }()
		cmds, next, ok, err := s.CommandsAfter(ctx, app.ID, cursor)
		if err != nil {
			t.Fatal(err)
		}
		return cmds, next, ok
	}
	rng := rand.New(rand.NewPCG(7, 8))
	hits := 0
	for round := range 6 {
		block(300 + rng.IntN(700))
		var seq int64
		if err := s.db.GetContext(ctx, &seq, "SELECT command_seq FROM apps WHERE id = ?", app.ID); err != nil {
			t.Fatal(err)
		}
		for range 200 {
			cursor := rng.Int64N(seq + 2)
			before := s.cmdCache.get(app.ID, cursor, min(seq, cursor+MaxCommandsPerReply), seq) != nil
			got, next, ok, err := s.CommandsAfter(ctx, app.ID, cursor)
			if err != nil {
				t.Fatal(err)
			}
			want, wantNext, wantOK := uncached(cursor)
			if next != wantNext || ok != wantOK || len(got) != len(want) {
				t.Fatalf("round %d cursor %d (cached %v): %d commands to %d ok %v; want %d to %d ok %v",
					round, cursor, before, len(got), next, ok, len(want), wantNext, wantOK)
			}
			for i := range got {
				if !proto.Equal(got[i], want[i]) {
					t.Fatalf("round %d cursor %d: command %d = %v, want %v", round, cursor, i, got[i], want[i])
				}
			}
			if before {
				hits++
			}
		}
	}
	if hits == 0 {
		t.Fatal("no answer came from the cache")
	}
	t.Logf("%d of 1,200 answers from the cache", hits)

	// The log went back (a database restored while running): the cache
	// forgets the app rather than serve commands the log no longer has.
	var seq int64
	s.db.GetContext(ctx, &seq, "SELECT command_seq FROM apps WHERE id = ?", app.ID)
	if _, _, _, err := s.CommandsAfter(ctx, app.ID, seq-10); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "DELETE FROM commands WHERE app_id = ? AND seq > ?", app.ID, seq-20); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE apps SET command_seq = ? WHERE id = ?", seq-20, app.ID); err != nil {
		t.Fatal(err)
	}
	block(5) // seq-19 .. seq-15: new commands under numbers the cache had
	got, next, ok, err := s.CommandsAfter(ctx, app.ID, seq-22)
	if err != nil || !ok || next != seq-15 || len(got) != 7 {
		t.Fatalf("after the log went back: %d commands to %d ok %v err %v; want 7 to %d", len(got), next, ok, err, seq-15)
	}
	if v, want := got[6].GetBlock().GetValue(), fmt.Sprintf("10.1.%d.%d", made/256, made%256); v != want {
		t.Errorf("last command blocks %q; want the new block %s", v, want)
	}
}
