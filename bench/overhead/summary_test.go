package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/bench/load"
)

// run builds one measured run: n requests of latency lat in one second,
// cpu of server CPU time.
func fakeRun(n int, lat, cpu time.Duration) measure {
	res := &load.Result{Requests: uint64(n), Elapsed: time.Second}
	for range n {
		res.Latency.Record(lat)
	}
	return measure{res: res, cpu: cpu}
}

func TestSummary(t *testing.T) {
	plain := &variant{name: "plain", runs: []measure{
		fakeRun(1000, 300*time.Microsecond, 300*time.Millisecond),
		fakeRun(1000, 300*time.Microsecond, 300*time.Millisecond),
	}}
	prot := &variant{name: "protected", runs: []measure{
		fakeRun(980, 310*time.Microsecond, 300*time.Millisecond),
		fakeRun(980, 310*time.Microsecond, 300*time.Millisecond),
	}}
	// A tenth of each run's CPU in the kernel, and 20 ms more of the
	// protected build's: 20 us per request over its 980 requests.
	for i := range plain.runs {
		plain.runs[i].sys = 30 * time.Millisecond
		prot.runs[i].sys = 50 * time.Millisecond
	}
	pt, qt := summarize(plain), summarize(prot)
	if pt.requests != 2000 || pt.elapsed != 2*time.Second || pt.rps() != 1000 || pt.cpuPerRequest() != 300 {
		t.Errorf("plain totals: %d requests in %v, %v rps, %v us/req", pt.requests, pt.elapsed, pt.rps(), pt.cpuPerRequest())
	}
	var out bytes.Buffer
	printSummary(&out, pt, qt)
	for _, want := range []string{
		"throughput ratio protected/plain: 0.980 (-2.0%)",
		"p50 delta: +10 us, p99 delta: +10 us",
		"CPU per request: +6.1 us (+2.0%)",
		"of which in the kernel: plain 30.0, protected 51.0 us (+21.0); in user space -14.9 us",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRoundDeltas(t *testing.T) {
	plain := &variant{runs: []measure{
		fakeRun(1000, time.Millisecond, 300*time.Millisecond),
		fakeRun(1000, time.Millisecond, 250*time.Millisecond),
		fakeRun(1000, time.Millisecond, 200*time.Millisecond),
	}}
	prot := &variant{runs: []measure{
		fakeRun(1000, time.Millisecond, 290*time.Millisecond), // -10 us
		fakeRun(1000, time.Millisecond, 300*time.Millisecond), // +50 us
		fakeRun(1000, time.Millisecond, 220*time.Millisecond), // +20 us
	}}
	var out bytes.Buffer
	printRoundDeltas(&out, "CPU per request", roundDeltas(plain, prot, measure.cpuPerRequest))
	if want := "CPU per request, per round (protected - plain of the same round): min -10.0, median +20.0, max +50.0 us"; !strings.Contains(out.String(), want) {
		t.Errorf("round deltas: %q, want it to contain %q", out.String(), want)
	}
}

func TestRoundDeltasP99(t *testing.T) {
	plain := &variant{runs: []measure{
		fakeRun(1000, 2*time.Millisecond, 300*time.Millisecond),
		fakeRun(1000, time.Millisecond, 300*time.Millisecond),
	}}
	prot := &variant{runs: []measure{
		fakeRun(1000, time.Millisecond, 300*time.Millisecond),   // p99 about -1000 us
		fakeRun(1000, 3*time.Millisecond, 300*time.Millisecond), // p99 about +2000 us
	}}
	d := roundDeltas(plain, prot, p99)
	if len(d) != 2 || d[0] > -900 || d[0] < -1100 || d[1] < 1800 || d[1] > 2200 {
		t.Fatalf("p99 round deltas %v, want about -1000 and +2000 us, sorted", d)
	}
	var out bytes.Buffer
	printRoundDeltas(&out, "p99 latency", d)
	if want := "p99 latency, per round (protected - plain of the same round): min -"; !strings.HasPrefix(out.String(), want) {
		t.Errorf("p99 round deltas: %q, want it to start with %q", out.String(), want)
	}
}

func TestLayoutDeltas(t *testing.T) {
	two := []*app{{}, {}}
	plain := &variant{apps: two, runs: []measure{
		fakeRun(1000, time.Millisecond, 300*time.Millisecond),
		fakeRun(1000, time.Millisecond, 250*time.Millisecond),
		fakeRun(1000, time.Millisecond, 200*time.Millisecond),
	}}
	prot := &variant{apps: two, runs: []measure{
		fakeRun(1000, time.Millisecond, 290*time.Millisecond), // layout 1: -10 us
		fakeRun(1000, time.Millisecond, 300*time.Millisecond), // layout 2: +50 us
		fakeRun(1000, time.Millisecond, 230*time.Millisecond), // layout 1: +30 us
	}}
	var out bytes.Buffer
	printLayoutDeltas(&out, layoutDeltas(plain, prot))
	if want := "(the linker's own, then the random ones): +10.0 +50.0 us"; !strings.Contains(out.String(), want) {
		t.Errorf("layout deltas: %q, want it to contain %q", out.String(), want)
	}
	out.Reset()
	printLayoutDeltas(&out, layoutDeltas(&variant{apps: two[:1], runs: plain.runs}, &variant{apps: two[:1], runs: prot.runs}))
	if out.Len() != 0 {
		t.Errorf("one layout printed %q, want nothing", out.String())
	}
}
