package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
)

// TestRecordFiringsInBatches: firings stored together (more than one
// transaction's worth) each get their id and their block, and each block
// is a command for the agents, in order.
func TestRecordFiringsInBatches(t *testing.T) {
	eachBackend(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		app, _, err := s.CreateApp(ctx, "shop", "t")
		if err != nil {
			t.Fatal(err)
		}
		pb, err := s.SavePlaybook(ctx, store.Playbook{Name: "test", Subject: store.SubjectIP, Condition: "ip.attacks(\"5m\") >= 10",
			Action: store.ActionBlockIP, DurationMS: 3600000, Enabled: true}, func(string, string) error { return nil }, "t")
		if err != nil {
			t.Fatal(err)
		}
		var recs []store.FiringRecord
		for i := range 250 {
			ip := fmt.Sprintf("10.9.%d.%d", i/256, i%256)
			rec := store.FiringRecord{Firing: store.Firing{PlaybookID: pb.ID, AppID: app.ID, Subject: ip, Action: store.ActionBlockIP, EvidenceJSON: "{}"}}
			if i%5 != 4 { // every fifth one an alert without a block
				rec.Block = &store.NewBlock{AppID: app.ID, Kind: store.BlockIP, Value: ip, TTL: time.Hour, Source: "playbook:test"}
			}
			recs = append(recs, rec)
		}
		stored, err := s.RecordFirings(ctx, recs)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != len(recs) {
			t.Fatalf("%d firings stored, want %d", len(stored), len(recs))
		}
		ids := map[int64]bool{}
		for i, f := range stored {
			if f.ID == 0 || ids[f.ID] || f.Subject != recs[i].Firing.Subject || f.FiredAt == 0 {
				t.Fatalf("firing %d = %+v: want a new id, subject %s and a time", i, f, recs[i].Firing.Subject)
			}
			ids[f.ID] = true
			if (f.BlockID != 0) != (recs[i].Block != nil) {
				t.Fatalf("firing %d: block id %d, block asked %v", i, f.BlockID, recs[i].Block != nil)
			}
			if active, err := s.ActiveBlock(ctx, app.ID, store.BlockIP, f.Subject); err != nil || active != (recs[i].Block != nil) {
				t.Fatalf("firing %d: active block %v, %v", i, active, err)
			}
		}
		cmds, next, ok, err := s.CommandsAfter(ctx, app.ID, 0)
		if err != nil || !ok || len(cmds) != 200 || next != 200 {
			t.Fatalf("commands: %d to %d ok %v err %v; want the 200 blocks", len(cmds), next, ok, err)
		}
		if v := cmds[199].GetBlock().GetValue(); v != "10.9.0.248" {
			t.Errorf("last command blocks %q, want 10.9.0.248 (the last firing with a block)", v)
		}
	})
}
