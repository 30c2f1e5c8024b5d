// Command loadgen sends closed-loop HTTP load to a loopback URL and prints
// the throughput, latency percentiles and, with -pid, the server's CPU
// time per request (see package bench/load).
//
//	go run ./bench/loadgen -url http://127.0.0.1:8090/book?id=7 -c 8 -d 10s -warmup 2s -pid 1234
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/sqreen-go/sqreen/bench/load"
	"github.com/sqreen-go/sqreen/bench/proccpu"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8090/book?id=7", "loopback URL to GET")
	conns := flag.Int("c", 8, "connections, one request in flight each")
	dur := flag.Duration("d", 10*time.Second, "measured duration")
	warmup := flag.Duration("warmup", 2*time.Second, "unmeasured warm-up before")
	pid := flag.Int("pid", 0, "server process whose CPU time per request to report (Linux)")
	asJSON := flag.Bool("json", false, "print a JSON object instead of text")
	rate := flag.Float64("rate", 0, "open loop: requests per second in all, latency from when each was due (0: closed loop)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, load.Config{URL: *url, Conns: *conns, Duration: *dur, Warmup: *warmup, Rate: *rate}, *pid, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// summary is what loadgen prints.
type summary struct {
	Requests      uint64  `json:"requests"`
	Errors        uint64  `json:"errors"`
	Non2xx        uint64  `json:"non_2xx"`
	Seconds       float64 `json:"seconds"`
	RPS           float64 `json:"rps"`
	P50us         float64 `json:"p50_us"`
	P99us         float64 `json:"p99_us"`
	MaxUs         float64 `json:"max_us"`
	CPUusPerReq   float64 `json:"cpu_us_per_request,omitempty"`
	Late          uint64  `json:"late,omitempty"`
	FirstError    string  `json:"first_error,omitempty"`
	CPUMeasureErr string  `json:"cpu_error,omitempty"`
}

func run(ctx context.Context, cfg load.Config, pid int, asJSON bool) error {
	var before, after proccpu.Times
	var cpuErr error
	if pid > 0 {
		cfg.OnMeasure = func(start bool) {
			t, err := proccpu.Read(pid)
			if err != nil && cpuErr == nil {
				cpuErr = err
			}
			if start {
				before = t
			} else {
				after = t
			}
		}
	}
	res, err := load.Run(ctx, cfg)
	if err != nil {
		return err
	}
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	s := summary{Requests: res.Requests, Errors: res.Errors, Non2xx: res.Non2xx, Seconds: res.Elapsed.Seconds(),
		RPS: res.Throughput(), P50us: us(res.Latency.Quantile(0.5)), P99us: us(res.Latency.Quantile(0.99)),
		MaxUs: us(res.Latency.Max()), FirstError: res.FirstError, Late: res.Late}
	if pid > 0 && cpuErr == nil && res.Requests > 0 {
		s.CPUusPerReq = us(after.Total()-before.Total()) / float64(res.Requests)
	} else if cpuErr != nil {
		s.CPUMeasureErr = cpuErr.Error()
	}
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(s)
	}
	fmt.Printf("%d requests in %.1fs: %.0f req/s, p50 %.0f us, p99 %.0f us, max %.0f us; errors %d, non-2xx %d\n",
		s.Requests, s.Seconds, s.RPS, s.P50us, s.P99us, s.MaxUs, s.Errors, s.Non2xx)
	if s.CPUusPerReq > 0 {
		fmt.Printf("server CPU: %.0f us per request\n", s.CPUusPerReq)
	}
	if s.Late > 0 {
		fmt.Printf("late: %d requests sent behind schedule (the rate was not kept up)\n", s.Late)
	}
	if s.FirstError != "" {
		fmt.Printf("first error: %s\n", s.FirstError)
	}
	return nil
}
