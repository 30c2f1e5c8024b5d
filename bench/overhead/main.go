package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sqreen-go/sqreen/bench/load"
	"github.com/sqreen-go/sqreen/bench/perfsplit"
	"github.com/sqreen-go/sqreen/bench/proccpu"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

type options struct {
	plain, protected string
	protectedEnv     listFlag
	env              listFlag
	path             string
	conns            int
	rate             float64
	duration, warmup time.Duration
	rounds           int
	together         bool
	logDir           string
	platform         string
	perf             bool
	perfTop          int
	perfKeep         bool
	check            bool
	callgrind        bool
	callgrindTop     int
}

func main() {
	var o options
	flag.StringVar(&o.plain, "plain", "", "the app built with go build; several, comma-separated, are builds of the same source with different code layouts (go build -ldflags=-randlayout=N), used in turn, one per round")
	flag.StringVar(&o.protected, "protected", "", "the same app built with sqreen-build go build; as many as -plain, the layout of each paired with the plain build in the same place")
	flag.Var(&o.env, "env", "KEY=VALUE for both apps (repeatable), e.g. BENCH_LIVE_MB=64 to give the app a live heap of its own")
	flag.Var(&o.protectedEnv, "protected-env", "KEY=VALUE for the protected app (repeatable), e.g. its platform address")
	flag.StringVar(&o.path, "path", "/book?id=7&ref=home", "path and query to GET")
	flag.IntVar(&o.conns, "c", 8, "connections")
	flag.Float64Var(&o.rate, "rate", 0, "open loop: requests per second in all, latency counted from when each was due (0: closed loop, at saturation)")
	flag.DurationVar(&o.duration, "d", 10*time.Second, "measured duration of each run")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "unmeasured warm-up before each run")
	flag.IntVar(&o.rounds, "rounds", 2, "rounds; each runs plain then protected")
	flag.BoolVar(&o.together, "together", false, "load both builds at the same time in each round, each with its own connections: both see the same machine (a shared machine's drift between runs cancels out) and share its CPU")
	flag.StringVar(&o.logDir, "logs", os.TempDir(), "folder for the apps' and the platform's output and database")
	flag.StringVar(&o.platform, "platform", "", "sqreen-platform binary: start it on SQLite and connect the protected app to it (empty: embedded defaults only)")
	flag.BoolVar(&o.check, "check", true, "check first that only the protected build blocks an attack tool's User-Agent; -check=false is for calibration runs, e.g. -protected set to the plain binary (an A/A run: the machine's noise floor) or -protected-env SQREEN_DISABLE=true")
	flag.BoolVar(&o.perf, "perf", false, "sample each app's CPU with Linux perf during every measured window and print where the CPU per request went: sqreen's code, GC, scheduler, kernel, the app (needs perf; it slows both builds)")
	flag.IntVar(&o.perfTop, "perf-top", 12, "with -perf: how many of sqreen's costliest functions to list")
	flag.BoolVar(&o.perfKeep, "perf-keep", false, "with -perf: keep the recordings (perf-BUILD-ROUND.data in the -logs folder) for perf report, e.g. to compare the builds function by function (with bench/request-overhead.sh, give a -logs folder of your own: the script removes its own at exit)")
	flag.BoolVar(&o.callgrind, "callgrind", false, "run each app under Valgrind's callgrind and print the instructions per request of both builds, by part (sqreen, net/http, the app, the runtime, the GC) and by function: a count the machine's noise does not move (the times printed are then callgrind's, 50 times slower; use a few connections, a warm-up of 10 s or more and one long round)")
	flag.IntVar(&o.callgrindTop, "callgrind-top", 25, "with -callgrind: how many functions to list")
	flag.Parse()
	if o.plain == "" || o.protected == "" || o.rounds < 1 {
		fmt.Fprintln(os.Stderr, "overhead: -plain and -protected are required, -rounds >= 1")
		flag.Usage()
		os.Exit(2)
	}
	if o.perfTop < 0 {
		fmt.Fprintf(os.Stderr, "overhead: -perf-top %d: want how many functions to list, 0 or more\n", o.perfTop)
		os.Exit(2)
	}
	if np, nq := len(strings.Split(o.plain, ",")), len(strings.Split(o.protected, ",")); np != nq {
		fmt.Fprintf(os.Stderr, "overhead: -plain names %d build(s) and -protected %d: give one protected build per plain one (the same layout of the same source)\n", np, nq)
		os.Exit(2)
	}
	if o.perf {
		if err := checkPerf(); err != nil {
			fmt.Fprintln(os.Stderr, "overhead:", err)
			os.Exit(2)
		}
	}
	if o.callgrind {
		if o.perf {
			fmt.Fprintln(os.Stderr, "overhead: -callgrind and -perf: choose one (perf would sample callgrind)")
			os.Exit(2)
		}
		if err := checkCallgrind(); err != nil {
			fmt.Fprintln(os.Stderr, "overhead:", err)
			os.Exit(2)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "overhead:", err)
		os.Exit(1)
	}
}

// variant is one build under test and what its runs measured: one app,
// or one per code layout (see layoutApp).
type variant struct {
	name string
	apps []*app
	runs []measure
}

// layoutApp returns the app that runs round r (from 1): the layouts are
// used in turn.
func (v *variant) layoutApp(r int) *app { return v.apps[(r-1)%len(v.apps)] }

// roundLabel names the build of round r in the report: with several
// layouts, with the number of the layout ("plain/2").
func (v *variant) roundLabel(r int) string {
	if len(v.apps) == 1 {
		return v.name
	}
	return fmt.Sprintf("%s/%d", v.name, (r-1)%len(v.apps)+1)
}

// measure is one run of one variant.
type measure struct {
	res *load.Result
	cpu time.Duration
	sys time.Duration // of cpu, in the kernel (system time)
	// prof is where the CPU went during the window, with -perf.
	prof *perfsplit.Profile
}

func run(ctx context.Context, o options) error {
	if err := os.MkdirAll(o.logDir, 0o755); err != nil {
		return err
	}
	vs := []*variant{{name: "plain"}, {name: "protected"}}
	bins := [][]string{strings.Split(o.plain, ","), strings.Split(o.protected, ",")}
	envs := [][]string{o.env, append(o.env[:len(o.env):len(o.env)], o.protectedEnv...)}
	var plat *platform
	if o.platform != "" {
		p, err := startPlatform(o.platform, o.logDir)
		if err != nil {
			fmt.Printf("platform: NOT connected (%v)\nthe protected app runs on the embedded default rules\n", err)
		} else {
			defer p.stop()
			plat = p
			envs[1] = append(p.agentEnv(), envs[1]...)
			fmt.Printf("platform: sqreen-platform on SQLite at %s; the protected app reports to it\n", p.grpcAddr)
		}
	} else {
		fmt.Println("platform: none (-platform not set); the protected app runs on the embedded default rules")
	}
	// The builds' processes start in turn, layout by layout, the plain
	// one first for odd layouts and the protected one first for even
	// ones: an A/A run (the same binaries on both sides) showed the side
	// started second a few microseconds per request slower in every
	// round when all the plain apps were started first.
	for k := range bins[0] {
		for j := range vs {
			i := (j + k) % 2
			v := vs[i]
			name := v.name
			if k > 0 {
				name = fmt.Sprintf("%s-layout%d", v.name, k+1)
			}
			argv, env, wait := []string{bins[i][k]}, envs[i], time.Minute
			if o.callgrind {
				argv = callgrindArgv(bins[i][k], callgrindFile(o.logDir, name))
				env, wait = append(callgrindEnv[:len(callgrindEnv):len(callgrindEnv)], env...), 5*time.Minute
			}
			a, err := startApp(name, argv, env, o.logDir, wait)
			if err != nil {
				return err
			}
			defer a.stop()
			v.apps = append(v.apps, a)
		}
	}
	if o.check {
		for i, v := range vs {
			for k, a := range v.apps {
				if i == 1 && k > 0 {
					// One protected app is checked: every layout is built
					// the same way, and each check is an attack from the
					// load's own address, which the platform's ip-attacks
					// playbook blocks everywhere at ten in five minutes.
					break
				}
				blocked, err := a.blocksScanner()
				if err != nil {
					return err
				}
				if want := i == 1; blocked != want {
					return fmt.Errorf("%s app: blocks an attack tool's User-Agent: %v, want %v (is the protected build instrumented?)", a.name, blocked, want)
				}
			}
		}
		fmt.Printf("protection check: the protected app blocks an attack tool's User-Agent, the plain one does not\n")
	} else {
		fmt.Printf("protection check: skipped (-check=false): a calibration run\n")
	}
	loop := "closed loop"
	if o.rate > 0 {
		loop = fmt.Sprintf("open loop at %.0f req/s (latency from when each request was due)", o.rate)
	}
	order := "alternating"
	if o.together {
		order = "both builds at the same time, each with its own connections"
	}
	fmt.Printf("load: GET %s, %d connections, %s, %d rounds of %v (after %v warm-up) per build, %s\n",
		o.path, o.conns, loop, o.rounds, o.duration, o.warmup, order)
	if n := len(vs[0].apps); n > 1 {
		fmt.Printf("code layouts: %d of each build, used in turn (round r runs layout (r-1) mod %d + 1)\n", n, n)
	}
	fmt.Println()
	fmt.Printf("%-5s %-11s %10s %9s %9s %12s %7s\n", "round", "build", "req/s", "p50 us", "p99 us", "CPU us/req", "errors")
	for r := 1; r <= o.rounds; r++ {
		var together [2]measure
		if o.together {
			var errs [2]error
			var wg sync.WaitGroup
			for j := range vs {
				// The build whose load starts first alternates too.
				i := (j + r + 1) % 2
				v := vs[i]
				// In the open loop, one build's schedule is half a request
				// apart from the other's, alternately, so that neither is
				// sent first at every instant (see load.Config.Offset).
				var offset time.Duration
				if o.rate > 0 && (i+r)%2 == 1 {
					offset = time.Duration(float64(time.Second) / (2 * o.rate))
				}
				wg.Go(func() { together[i], errs[i] = v.layoutApp(r).measure(ctx, o, r, offset) })
			}
			wg.Wait()
			if err := errors.Join(errs[:]...); err != nil {
				return fmt.Errorf("round %d: %w", r, err)
			}
		}
		for i, v := range vs {
			m := together[i]
			if !o.together {
				var err error
				if m, err = v.layoutApp(r).measure(ctx, o, r, 0); err != nil {
					return fmt.Errorf("%s, round %d: %w", v.name, r, err)
				}
			}
			v.runs = append(v.runs, m)
			fmt.Printf("%-5d %-11s %10.0f %9.0f %9.0f %12.1f %7d\n", r, v.roundLabel(r), m.res.Throughput(),
				us(m.res.Latency.Quantile(0.5)), us(m.res.Latency.Quantile(0.99)), m.cpuPerRequest(), m.res.Errors+m.res.Non2xx)
			if m.res.Late > 0 {
				fmt.Printf("      %d requests were sent behind schedule: the rate is above what this build sustains\n", m.res.Late)
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
	}
	fmt.Println()
	printSummary(os.Stdout, summarize(vs[0]), summarize(vs[1]))
	printRoundDeltas(os.Stdout, "CPU per request", roundDeltas(vs[0], vs[1], measure.cpuPerRequest))
	// The p99 of the whole load moves by milliseconds between rounds on a
	// busy machine: its spread round by round says what a p99 delta of
	// the totals is worth.
	printRoundDeltas(os.Stdout, "p99 latency", roundDeltas(vs[0], vs[1], p99))
	printLayoutDeltas(os.Stdout, layoutDeltas(vs[0], vs[1]))
	if o.perf {
		var s [2]split
		for i, v := range vs {
			for _, m := range v.runs {
				s[i].add(m.prof, m.res.Requests)
			}
		}
		printSplit(os.Stdout, &s[0], &s[1], o.perfTop)
	}
	if o.callgrind {
		if err := reportInstructions(os.Stdout, o, vs); err != nil {
			return err
		}
	}
	if plat != nil {
		logins, heartbeats, err := plat.agentCounters()
		if err != nil {
			fmt.Printf("platform: cannot read its /metrics: %v\n", err)
		} else {
			fmt.Printf("platform: %s agent login(s), %s heartbeat(s) received during the runs\n", logins, heartbeats)
		}
	}
	return nil
}

// measure runs one load against a and reads its CPU time around the
// measured window (round numbers the -perf recording; offset delays an
// open loop's schedule, see load.Config.Offset).
func (a *app) measure(ctx context.Context, o options, round int, offset time.Duration) (measure, error) {
	var before, after proccpu.Times
	var cpuErr error
	var rec *recording
	cfg := load.Config{URL: "http://" + a.addr + o.path, Conns: o.conns, Duration: o.duration, Warmup: o.warmup, Rate: o.rate, Offset: offset,
		OnMeasure: func(start bool) {
			t, err := proccpu.Read(a.pid())
			if err != nil {
				cpuErr = err
			}
			if o.callgrind {
				if err := a.countInstructions(start); err != nil {
					cpuErr = err
				}
			}
			if start {
				before = t
				if o.perf {
					rec, err = startPerf(a.pid(), o.duration, perfFile(o.logDir, a.name, round))
					if err != nil {
						cpuErr = err
					}
				}
			} else {
				after = t
			}
		}}
	res, err := load.Run(ctx, cfg)
	if err != nil {
		return measure{}, err
	}
	if cpuErr != nil {
		return measure{}, cpuErr
	}
	if res.Requests == 0 {
		return measure{}, fmt.Errorf("no successful request (errors %d, non-2xx %d, first error %q); see %s", res.Errors, res.Non2xx, res.FirstError, a.log)
	}
	m := measure{res: res, cpu: after.Total() - before.Total(), sys: after.System - before.System}
	if rec != nil {
		if m.prof, err = rec.profile(a.pid(), o.perfKeep); err != nil {
			return measure{}, err
		}
	}
	return m, nil
}

func (m measure) cpuPerRequest() float64 { return us(m.cpu) / float64(m.res.Requests) }

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
