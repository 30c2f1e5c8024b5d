package server_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
)

// replica starts one platform replica on st and returns its gRPC address.
func replica(t *testing.T, ctx context.Context, st *store.Store, name string) (grpcAddr, httpAddr string) {
	t.Helper()
	return replicaOn(t, ctx, st, name, "127.0.0.1:0")
}

// replicaOn is replica on a given gRPC address.
func replicaOn(t *testing.T, ctx context.Context, st *store.Store, name, grpcAddr string) (string, string) {
	t.Helper()
	ready := make(chan [2]string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(ctx, st, server.Config{GRPCAddr: grpcAddr, HTTPAddr: "127.0.0.1:0", Holder: name,
			PlaybookInterval: 100 * time.Millisecond, Logger: slog.New(slog.DiscardHandler),
			Ready: func(g, h string) { ready <- [2]string{g, h} }})
	}()
	select {
	case a := <-ready:
		var once sync.Once
		t.Cleanup(func() { once.Do(func() { <-done }) })
		go func() { <-ctx.Done(); once.Do(func() { <-done }) }()
		return a[0], a[1]
	case err := <-done:
		t.Fatalf("replica %s: %v", name, err)
	}
	return "", ""
}

// buildAgentApp compiles testdata/agentapp once per test.
func buildAgentApp(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "agentapp")
	out, err := exec.Command("go", "build", "-o", bin, "./testdata/agentapp").CombinedOutput()
	if err != nil {
		t.Fatalf("build agentapp: %v\n%s", err, out)
	}
	return bin
}

// agentSettings makes the app's agents heartbeat every second (the
// agents' minimum) and check without a time budget. The platform sends
// its budget at login (2 ms by default), which replaces the agent's own
// SQREEN_BUDGET=0: on a loaded CI machine a stall of a few milliseconds
// then let an attack through unchecked (fail open), and the tests that
// count attacks failed ("attack 1 through A: status 200", or waited in
// vain for five attack events).
func agentSettings(t *testing.T, ctx context.Context, st *store.Store, appID int64) {
	t.Helper()
	interval, budget := int64(100), int64(0)
	if _, err := st.UpdateAppSettings(ctx, appID, store.AppSettings{HeartbeatIntervalMS: &interval, BudgetUS: &budget}, "test"); err != nil {
		t.Fatal(err)
	}
}

// startAgent runs the app against a platform and returns its base URL.
func startAgent(t *testing.T, bin, platform, token string) string {
	t.Helper()
	cmd := exec.Command(bin)
	// No time budget: a check whose request has spent its budget is
	// skipped (fail open), and on a CI machine running other packages'
	// tests a stall of a few milliseconds let an attack through (seen once,
	// "attack 4 through A: status 200"). These tests are about what reaches
	// the platform, not about the budget (runtime's tests are). The
	// platform's budget replaces this one at login: agentSettings sets it
	// to none too.
	cmd.Env = append(os.Environ(), "SQREEN_TOKEN="+token, "SQREEN_PLATFORM_ADDR="+platform, "SQREEN_APP_NAME=shop", "SQREEN_BUDGET=0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if err != nil || !ok {
		t.Fatalf("agent app did not start: %q, %v", line, err)
	}
	go io.Copy(io.Discard, stdout)
	return "http://" + addr
}

// get sends a request as if from client IP ip (the app trusts loopback
// proxies, so X-Forwarded-For names the client).
func get(t *testing.T, base, path, ip string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("gave up waiting for %s", what)
}

// TestEndToEndBlockReachesOtherInstance: two real agents of one app on two
// replicas sharing a database; an IP attacks through agent A until the
// ip-attacks playbook fires (on whichever replica holds the lease), and
// agent B blocks that IP after its next heartbeat.
func TestEndToEndBlockReachesOtherInstance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two agent processes")
	}
	bin := buildAgentApp(t)
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			st1, st2 := b.Open(t, nil), b.Open(t, nil)
			app, token, err := st1.CreateApp(ctx, "shop", "test")
			if err != nil {
				t.Fatal(err)
			}
			agentSettings(t, ctx, st1, app.ID)
			ctx1, kill1 := context.WithCancel(ctx)
			g1, _ := replica(t, ctx1, st1, "replica-1")
			g2, h2 := replica(t, ctx, st2, "replica-2")
			agentA := startAgent(t, bin, g1, token)
			agentB := startAgent(t, bin, g2, token)
			waitFor(t, "both agents logged in", func() bool {
				in, _ := st1.ListInstances(ctx, app.ID)
				return len(in) == 2
			})

			const attacker, bystander = "203.0.113.5", "198.51.100.20"
			attack := "/q?id=" + url.QueryEscape("1' OR '1'='1")
			for i := range 10 {
				if code := get(t, agentA, attack, attacker); code != http.StatusForbidden {
					t.Fatalf("attack %d through A: status %d, want 403 (RASP block)", i, code)
				}
			}
			if code := get(t, agentB, "/q?id=7", attacker); code != http.StatusOK {
				t.Fatalf("before the playbook, B answered %d to the attacker's benign request", code)
			}
			waitFor(t, "the playbook's block", func() bool {
				ok, _ := st2.ActiveBlock(ctx, app.ID, store.BlockIP, attacker)
				return ok
			})
			waitFor(t, "agent B enforcing the block", func() bool { return get(t, agentB, "/q?id=7", attacker) == http.StatusForbidden })
			if code := get(t, agentB, "/q?id=7", bystander); code != http.StatusOK {
				t.Errorf("bystander got %d from B, want 200", code)
			}
			firings, _ := st2.ListFirings(ctx, app.ID, store.Page{})
			blockFirings := 0
			for _, f := range firings {
				if f.Subject == attacker && f.Action == store.ActionBlockIP && f.BlockID != 0 {
					blockFirings++
				}
			}
			if blockFirings != 1 {
				t.Errorf("firings = %+v; want one block of %s", firings, attacker)
			}
			// Each attack was blocked by RASP once, and reported once.
			n, _ := st1.CountEvents(ctx, store.EventFilter{AppID: app.ID, Kind: "attack", ClientIP: attacker, RuleID: "rasp-sqli"})
			if n != 10 {
				t.Errorf("%d rasp-sqli events stored for the attacker, want exactly 10", n)
			}

			// Replica 1 dies; A's events wait in its backlog; a new replica
			// on the same address (behind the same name, as a load balancer
			// would give) gets them: none lost, none doubled.
			kill1()
			const second = "192.0.2.9"
			for range 5 {
				get(t, agentA, attack, second)
			}
			replicaOn(t, ctx, st1, "replica-1b", g1)
			waitFor(t, "A's events after the restart", func() bool {
				n, _ := st1.CountEvents(ctx, store.EventFilter{AppID: app.ID, ClientIP: second, RuleID: "rasp-sqli"})
				if n > 5 {
					t.Fatalf("%d events for 5 attacks: stored twice", n)
				}
				return n == 5
			})

			resp, err := http.Get("http://" + h2 + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(body), "sqreen_agent_heartbeats_total") {
				t.Errorf("/metrics lacks the heartbeat counter:\n%s", body)
			}
		})
	}
}
