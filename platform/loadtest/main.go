package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/sqreen-go/sqreen/platform/agentapi"
	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

func main() {
	instances := flag.Int("instances", 1000, "simulated agent instances")
	events := flag.Int("events", 50, "events per heartbeat")
	interval := flag.Duration("interval", 20*time.Second, "heartbeat interval of each instance")
	duration := flag.Duration("duration", 60*time.Second, "how long to send after the first interval")
	db := flag.String("db", "", "database URL of the in-process platform (default: a fresh SQLite file)")
	addr := flag.String("addr", "", "address of a running platform (instead of an in-process one)")
	token := flag.String("token", "", "app token on the running platform (with -addr)")
	conns := flag.Int("conns", 16, "gRPC connections shared by the instances")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(*instances, *events, *interval, *duration, *db, *addr, *token, *conns); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(instances, events int, interval, duration time.Duration, db, addr, token string, nconns int) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if addr == "" {
		if db == "" {
			dir, err := os.MkdirTemp("", "sqreen-loadtest")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			db = "sqlite://" + filepath.Join(dir, "load.db")
		}
		st, err := store.Open(ctx, db, store.Options{})
		if err != nil {
			return err
		}
		defer st.Close()
		_, tok, err := st.CreateApp(ctx, fmt.Sprintf("load-%d", time.Now().UnixNano()), "loadtest")
		if err != nil {
			return err
		}
		token = tok
		lim := agentapi.DefaultLimits()
		ready := make(chan string, 1)
		done := make(chan error, 1)
		go func() {
			done <- server.Serve(ctx, st, server.Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Limits: lim,
				Logger: slog.New(slog.DiscardHandler), Ready: func(g, _ string) { ready <- g }})
		}()
		select {
		case addr = <-ready:
		case err := <-done:
			return err
		}
		fmt.Printf("platform in-process on %s (%s)\n", addr, st.Dialect())
	}
	conns := make([]wire.AgentServiceClient, nconns)
	for i := range conns {
		c, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer c.Close()
		conns[i] = wire.NewAgentServiceClient(c)
	}
	authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)

	var (
		mu        sync.Mutex
		latencies []time.Duration
		stored    atomic.Int64
		failures  atomic.Int64
	)
	start := time.Now()
	stop := start.Add(interval + duration)
	var wg sync.WaitGroup
	for i := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := conns[i%len(conns)]
			id := fmt.Sprintf("load-%d", i)
			if _, err := client.Login(authed, &wire.LoginRequest{InstanceId: id, Host: "h", AppName: "load"}); err != nil {
				failures.Add(1)
				return
			}
			time.Sleep(rand.N(interval)) // spread the instances over one interval
			for batch := 0; time.Now().Before(stop); batch++ {
				next := time.Now().Add(interval)
				req := &wire.HeartbeatRequest{InstanceId: id, BatchId: fmt.Sprintf("%s-%d", id, batch), Events: makeEvents(events),
					Metrics: &wire.Metrics{Requests: 1000, Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 500, P50Ns: 2000, P99Ns: 9000}}}}
				cctx, ccancel := context.WithTimeout(authed, 10*time.Second)
				t0 := time.Now()
				resp, err := client.Heartbeat(cctx, req)
				d := time.Since(t0)
				ccancel()
				if err != nil || resp.BatchId != req.BatchId {
					failures.Add(1)
				} else {
					stored.Add(int64(len(req.Events)))
					mu.Lock()
					latencies = append(latencies, d)
					mu.Unlock()
				}
				time.Sleep(time.Until(next))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))]
	}
	// Steady state excludes the first interval, while instances ramp up.
	fmt.Printf("instances=%d events/heartbeat=%d interval=%s duration=%s\n", instances, events, interval, elapsed.Round(time.Second))
	fmt.Printf("heartbeats ok=%d failed=%d\n", len(latencies), failures.Load())
	fmt.Printf("latency p50=%s p90=%s p99=%s max=%s\n", pct(0.50), pct(0.90), pct(0.99), pct(1))
	fmt.Printf("events stored=%d rate=%.0f events/s (offered %.0f events/s)\n", stored.Load(),
		float64(stored.Load())/elapsed.Seconds(), float64(instances*events)/interval.Seconds())
	return nil
}

var rules = []string{"rasp-sqli", "rasp-shell", "waf-xss", "rasp-path", "rasp-ssrf"}

func makeEvents(n int) []*wire.Event {
	out := make([]*wire.Event, n)
	now := time.Now().UnixMilli()
	for i := range out {
		ip := fmt.Sprintf("10.%d.%d.%d", rand.N(4), rand.N(256), rand.N(256))
		out[i] = &wire.Event{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: now, RuleId: rules[rand.N(len(rules))],
			HookPoint: "sql", Action: "block", Severity: "high",
			Request: &wire.RequestSummary{RequestId: "r", Method: "GET", Host: "shop.example", Path: "/search",
				ClientIp: ip, UserAgent: "Mozilla/5.0", Status: 403, Headers: map[string]string{"accept": "text/html"}},
			Evidence: []*wire.Evidence{{Detector: "sqli", Source: "query.q", Input: "1' OR '1'='1",
				Sink: "SELECT * FROM products WHERE name = '1' OR '1'='1'", Offset: 38, Reason: "leaves string literal"}},
			Stack: []*wire.Frame{{Function: "main.search", File: "/app/search.go", Line: 42}, {Function: "net/http.HandlerFunc.ServeHTTP", File: "server.go", Line: 2220}}}
	}
	return out
}
