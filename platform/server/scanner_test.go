package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
)

// TestScannerPlaybookFromAgent404s: a real agent counts the 404 responses
// it sends per client IP and reports them in its heartbeat metrics; the
// store rolls them up, the built-in ip-scanner playbook
// (ip.not_found("5m") >= 50) blocks the scanning IP, and the agent
// enforces the block. An IP with fewer 404s stays unblocked.
func TestScannerPlaybookFromAgent404s(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs an agent process")
	}
	bin := buildAgentApp(t)
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			st := b.Open(t, nil)
			app, token, err := st.CreateApp(ctx, "shop", "test")
			if err != nil {
				t.Fatal(err)
			}
			agentSettings(t, ctx, st, app.ID)
			g, _ := replica(t, ctx, st, "replica-1")
			agent := startAgent(t, bin, g, token)
			waitFor(t, "the agent logged in", func() bool {
				in, _ := st.ListInstances(ctx, app.ID)
				return len(in) == 1
			})
			const scanner, visitor = "203.0.113.77", "198.51.100.30"
			for i := range 50 {
				if code := get(t, agent, fmt.Sprintf("/admin-%d.php", i), scanner); code != http.StatusNotFound {
					t.Fatalf("probe %d: status %d, want 404", i, code)
				}
			}
			for i := range 10 {
				get(t, agent, fmt.Sprintf("/typo-%d", i), visitor)
			}
			waitFor(t, "the scanner's block", func() bool {
				ok, _ := st.ActiveBlock(ctx, app.ID, store.BlockIP, scanner)
				return ok
			})
			waitFor(t, "the agent enforcing it", func() bool { return get(t, agent, "/q?id=7", scanner) == http.StatusForbidden })
			if ok, _ := st.ActiveBlock(ctx, app.ID, store.BlockIP, visitor); ok {
				t.Errorf("visitor with 10 404s blocked")
			}
			if code := get(t, agent, "/q?id=7", visitor); code != http.StatusOK {
				t.Errorf("visitor got %d, want 200", code)
			}
			firings, _ := st.ListFirings(ctx, app.ID, store.Page{})
			found := false
			for _, f := range firings {
				found = found || (f.Subject == scanner && f.Action == store.ActionBlockIP && f.BlockID != 0)
			}
			if !found {
				t.Errorf("firings %+v: no block of %s", firings, scanner)
			}
		})
	}
}
