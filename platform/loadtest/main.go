package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/sqreen-go/sqreen/platform/agentapi"
	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/runtime/wire/wiregrpc"
)

// target is the latency the saturation mode holds heartbeats under.
const target = 100 * time.Millisecond

type options struct {
	instances, events, conns int
	interval, duration, step time.Duration
	rates                    []float64
	db, addr, token          string
	platformPID              int
	dbProcs                  string
	playbookInterval         time.Duration
}

func main() {
	var o options
	flag.IntVar(&o.instances, "instances", 1000, "simulated agent instances")
	flag.IntVar(&o.events, "events", 50, "events per heartbeat")
	flag.DurationVar(&o.interval, "interval", 20*time.Second, "heartbeat interval of each instance")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long to measure after the first interval (ramp-up)")
	rates := flag.String("rates", "", "saturation mode: offered events/s of each step, comma-separated (e.g. 5000,10000,20000); the interval follows from -instances and -events")
	flag.DurationVar(&o.step, "step", 30*time.Second, "saturation mode: length of each step (the first quarter is not measured)")
	flag.StringVar(&o.db, "db", "", "database URL of the in-process platform (default: a fresh SQLite file)")
	flag.StringVar(&o.addr, "addr", "", "address of a running platform (instead of an in-process one)")
	flag.StringVar(&o.token, "token", "", "app token on the running platform (with -addr)")
	flag.IntVar(&o.platformPID, "platform-pid", 0, "with -addr: process id of the platform, to report its CPU use (Linux /proc)")
	flag.StringVar(&o.dbProcs, "db-procs", "", "command name of the database server's processes on this machine (e.g. postgres), to report their CPU use (Linux /proc; every process of that name counts)")
	flag.DurationVar(&o.playbookInterval, "playbook-interval", 10*time.Second, "time between playbook runs of the in-process platform (as serve's flag; 24h leaves them out)")
	flag.IntVar(&o.conns, "conns", 16, "gRPC connections shared by the instances")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if err := o.parseRates(*rates); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func (o *options) parseRates(s string) error {
	if s == "" {
		return nil
	}
	for _, f := range strings.Split(s, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || r <= 0 {
			return fmt.Errorf("-rates: %q is not a positive number of events/s", f)
		}
		o.rates = append(o.rates, r)
	}
	if o.events <= 0 {
		return fmt.Errorf("-rates needs -events > 0")
	}
	return nil
}

// window collects the heartbeats that completed between from and to.
type window struct {
	from, to  time.Time
	mu        sync.Mutex
	latencies []time.Duration
	events    int64
	failures  int64
}

func (w *window) record(end time.Time, d time.Duration, events int, err error) {
	if end.Before(w.from) || !end.Before(w.to) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		w.failures++
		return
	}
	w.latencies = append(w.latencies, d)
	w.events += int64(events)
}

func (w *window) pct(p float64) time.Duration {
	if len(w.latencies) == 0 {
		return 0
	}
	return w.latencies[min(len(w.latencies)-1, int(p*float64(len(w.latencies))))]
}

// report prints the window's numbers and returns its p99 and events/s.
func (w *window) report(label string, offered float64) (time.Duration, float64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	slices.Sort(w.latencies)
	rate := float64(w.events) / w.to.Sub(w.from).Seconds()
	fmt.Printf("%s offered=%.0f ev/s sustained=%.0f ev/s heartbeats ok=%d failed=%d latency p50=%s p90=%s p99=%s max=%s\n",
		label, offered, rate, len(w.latencies), w.failures, ms(w.pct(0.50)), ms(w.pct(0.90)), ms(w.pct(0.99)), ms(w.pct(1)))
	return w.pct(0.99), rate
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/1e6) }

func run(o options) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, token := o.addr, o.token
	if addr == "" {
		db := o.db
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
		ready := make(chan string, 1)
		done := make(chan error, 1)
		sctx, stop := context.WithCancel(ctx)
		defer func() { stop(); <-done }()
		go func() {
			done <- server.Serve(sctx, st, server.Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Limits: agentapi.DefaultLimits(),
				PlaybookInterval: o.playbookInterval, Logger: slog.New(slog.DiscardHandler), Ready: func(g, _ string) { ready <- g }})
		}()
		select {
		case addr = <-ready:
		case err := <-done:
			done <- err
			return err
		}
		fmt.Printf("platform in-process on %s (%s): the CPU below is the platform's and the generator's together\n", addr, st.Dialect())
	} else if token == "" {
		return errors.New("-addr needs -token (sqreen-platform app create NAME prints one)")
	}
	conns := make([]wiregrpc.AgentServiceClient, o.conns)
	for i := range conns {
		c, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return err
		}
		defer c.Close()
		conns[i] = wiregrpc.NewAgentServiceClient(c)
	}
	authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)

	// Event sets are shared and remade every second (their time stays
	// current for the playbooks' windows): the generator shares the CPU
	// with the platform.
	var sets atomic.Pointer[[][]*wire.Event]
	remake := func() {
		s := make([][]*wire.Event, 64)
		for i := range s {
			s[i] = makeEvents(o.events)
		}
		sets.Store(&s)
	}
	remake()
	go func() {
		for {
			select {
			case <-time.After(time.Second):
				remake()
			case <-ctx.Done():
				return
			}
		}
	}()

	// The plan: the steady mode measures one window after a ramp-up
	// interval; the saturation mode one window per step, each after a
	// quarter of the step.
	type phase struct {
		interval time.Duration
		offered  float64
		w        *window
	}
	start := time.Now()
	var phases []*phase
	var end time.Time
	if len(o.rates) == 0 {
		from := start.Add(o.interval)
		end = from.Add(o.duration)
		phases = append(phases, &phase{o.interval, float64(o.instances*o.events) / o.interval.Seconds(), &window{from: from, to: end}})
	} else {
		t := start
		for i, r := range o.rates {
			iv := time.Duration(float64(o.instances*o.events) / r * float64(time.Second))
			settle := o.step / 4
			if i == 0 {
				settle = max(settle, iv) // the instances start spread over one interval
			}
			phases = append(phases, &phase{iv, r, &window{from: t.Add(settle), to: t.Add(settle + o.step*3/4)}})
			t = t.Add(settle + o.step*3/4)
		}
		end = t
	}
	current := atomic.Int64{} // index of the phase in progress
	go func() {
		for i := 1; i < len(phases); i++ {
			select {
			case <-time.After(time.Until(phases[i-1].w.to)):
				current.Store(int64(i))
			case <-ctx.Done():
				return
			}
		}
	}()
	var stored atomic.Int64 // events acknowledged over the whole run
	record := func(t0 time.Time, d time.Duration, events int, err error) {
		if err == nil {
			stored.Add(int64(events))
		}
		e := t0.Add(d)
		for _, p := range phases {
			p.w.record(e, d, events, err)
		}
	}

	cpu0, pcpu0 := selfCPU(), procCPU(o.platformPID)
	db0 := procsCPU(o.dbProcs)
	var loginFailures, shed atomic.Int64
	var wg sync.WaitGroup
	for i := range o.instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := conns[i%len(conns)]
			id := fmt.Sprintf("load-%d", i)
			if _, err := client.Login(authed, &wire.LoginRequest{InstanceId: id, Host: "h", AppName: "load"}); err != nil {
				loginFailures.Add(1)
				return
			}
			var cursor int64
			time.Sleep(rand.N(phases[0].interval)) // spread the instances over one interval
			for batch := 0; time.Now().Before(end); batch++ {
				next := time.Now().Add(phases[current.Load()].interval)
				req := &wire.HeartbeatRequest{InstanceId: id, BatchId: fmt.Sprintf("%s-%d", id, batch), Cursor: cursor,
					Events:  (*sets.Load())[rand.N(64)],
					Metrics: &wire.Metrics{Requests: 1000, Hooks: []*wire.HookTiming{{HookPoint: "sql", Calls: 500, P50Ns: 2000, P99Ns: 9000}}}}
				cctx, ccancel := context.WithTimeout(authed, 10*time.Second)
				t0 := time.Now()
				resp, err := client.Heartbeat(cctx, req)
				d := time.Since(t0)
				ccancel()
				if err == nil && resp.BatchId != req.BatchId {
					err = fmt.Errorf("reply for batch %q, want %q", resp.BatchId, req.BatchId)
				}
				if err == nil {
					cursor = resp.Cursor
				}
				if status.Code(err) == codes.ResourceExhausted {
					// Shed by the platform: like the agent, keep the
					// batch and send it again after 1-2 s.
					shed.Add(1)
					batch--
					time.Sleep(min(time.Second+rand.N(time.Second), time.Until(end)))
					continue
				}
				record(t0, d, len(req.Events), err)
				time.Sleep(min(time.Until(next), time.Until(end)))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu, pcpu := selfCPU()-cpu0, procCPU(o.platformPID)-pcpu0
	dbCPU, dbSeen := procsCPUSince(o.dbProcs, db0)

	fmt.Printf("instances=%d events/heartbeat=%d run=%s login failures=%d heartbeats shed (ResourceExhausted, resent)=%d\n",
		o.instances, o.events, elapsed.Round(time.Second), loginFailures.Load(), shed.Load())
	// CPU per event acknowledged tells what the machine could do were the
	// CPU all ours: a loaded machine stretches latencies, not this.
	share := func(c time.Duration) string {
		out := fmt.Sprintf("%.1fs CPU = %.0f%% of one core, %.0f%% of the machine's %d", c.Seconds(),
			100*c.Seconds()/elapsed.Seconds(), 100*c.Seconds()/elapsed.Seconds()/float64(runtime.NumCPU()), runtime.NumCPU())
		if n := stored.Load(); n > 0 {
			perEvent := c.Seconds() / float64(n)
			out += fmt.Sprintf("; %.0f µs per event acknowledged (%d), %.0f events/s per core at that cost", perEvent*1e6, n, 1/perEvent)
		}
		return out
	}
	if o.addr == "" {
		fmt.Printf("cpu platform+generator: %s\n", share(cpu))
	} else {
		fmt.Printf("cpu generator: %s\n", share(cpu))
		if o.platformPID > 0 {
			fmt.Printf("cpu platform (pid %d): %s\n", o.platformPID, share(pcpu))
		}
	}
	if o.dbProcs != "" {
		if dbSeen == 0 {
			fmt.Printf("cpu database: no process named %q readable in /proc\n", o.dbProcs)
		} else {
			fmt.Printf("cpu database (%d %s processes): %s\n", dbSeen, o.dbProcs, share(dbCPU))
		}
	}
	if len(o.rates) == 0 {
		phases[0].w.report(fmt.Sprintf("steady interval=%s window=%s", o.interval, o.duration), phases[0].offered)
		return nil
	}
	best := 0.0
	for i, p := range phases {
		p99, rate := p.w.report(fmt.Sprintf("step %d interval=%s", i+1, p.interval.Round(time.Millisecond)), p.offered)
		if p99 > 0 && p99 < target && p.w.failures == 0 && rate > best {
			best = rate
		}
	}
	fmt.Printf("max sustained with p99 < %s and no failure: %.0f events/s\n", ms(target), best)
	return nil
}

// selfCPU is the user+system CPU time of this process.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procCPU is the user+system CPU time of another process (Linux), 0 if
// pid is 0 or unreadable.
func procCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	st, ok := parseStat(string(b))
	if !ok {
		return 0
	}
	return st.own
}

// procStat is what the load test reads of /proc/PID/stat.
type procStat struct {
	comm string
	// own is the process's user+system CPU time; reaped, that of its
	// children it waited for (a database server's exited backends).
	own, reaped time.Duration
}

// parseStat reads a /proc/PID/stat line: "pid (comm) state ... utime
// stime cutime cstime ...", the command name in parentheses possibly
// holding spaces and parentheses itself, times in clock ticks (100 per
// second on Linux).
func parseStat(s string) (procStat, bool) {
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return procStat{}, false
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 15 {
		return procStat{}, false
	}
	var t [4]int64
	for i := range t {
		v, err := strconv.ParseInt(f[11+i], 10, 64)
		if err != nil {
			return procStat{}, false
		}
		t[i] = v
	}
	tick := 10 * time.Millisecond
	return procStat{comm: s[open+1 : end], own: time.Duration(t[0]+t[1]) * tick, reaped: time.Duration(t[2]+t[3]) * tick}, true
}

// procsCPU returns the CPU time of every process named name, by pid:
// its own and that of its reaped children (nil for "").
func procsCPU(name string) map[int]time.Duration {
	if name == "" {
		return nil
	}
	dirs, _ := os.ReadDir("/proc")
	out := map[int]time.Duration{}
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		if st, ok := parseStat(string(b)); ok && st.comm == name {
			out[pid] = st.own + st.reaped
		}
	}
	return out
}

// procsCPUSince returns the CPU the processes named name used since
// before (procsCPU's result then) and how many are running now. A process
// started since counts from zero; one that exited since is counted
// through its parent's reaped children when the parent has the same
// name (PostgreSQL's postmaster and its backends), else lost.
func procsCPUSince(name string, before map[int]time.Duration) (time.Duration, int) {
	now := procsCPU(name)
	var d time.Duration
	for pid, t := range now {
		d += t - before[pid]
	}
	return max(d, 0), len(now)
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
