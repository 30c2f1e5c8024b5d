package main

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/sqreen-go/sqreen/bench/load"
)

// totals sums one build's runs: requests over the summed windows, one
// merged latency histogram, CPU time over requests.
type totals struct {
	name     string
	requests uint64
	failures uint64
	elapsed  time.Duration
	cpu      time.Duration
	sys      time.Duration // of cpu, in the kernel
	latency  load.Histogram
}

func summarize(v *variant) *totals {
	t := &totals{name: v.name}
	for _, m := range v.runs {
		t.requests += m.res.Requests
		t.failures += m.res.Errors + m.res.Non2xx
		t.elapsed += m.res.Elapsed
		t.cpu += m.cpu
		t.sys += m.sys
		t.latency.Merge(&m.res.Latency)
	}
	return t
}

func (t *totals) rps() float64 { return float64(t.requests) / t.elapsed.Seconds() }

func (t *totals) cpuPerRequest() float64 { return us(t.cpu) / float64(t.requests) }

func (t *totals) sysPerRequest() float64 { return us(t.sys) / float64(t.requests) }

// printSummary prints both builds' totals and the protected build's cost
// relative to the plain one.
func printSummary(w io.Writer, plain, prot *totals) {
	fmt.Fprintf(w, "%-9s %10s %9s %9s %12s %9s\n", "all runs", "req/s", "p50 us", "p99 us", "CPU us/req", "failures")
	for _, t := range []*totals{plain, prot} {
		fmt.Fprintf(w, "%-9s %10.0f %9.0f %9.0f %12.1f %9d\n", t.name, t.rps(),
			us(t.latency.Quantile(0.5)), us(t.latency.Quantile(0.99)), t.cpuPerRequest(), t.failures)
	}
	ratio := prot.rps() / plain.rps()
	fmt.Fprintf(w, "\nthroughput ratio protected/plain: %.3f (%+.1f%%)\n", ratio, (ratio-1)*100)
	fmt.Fprintf(w, "p50 delta: %+.0f us, p99 delta: %+.0f us\n",
		us(prot.latency.Quantile(0.5)-plain.latency.Quantile(0.5)), us(prot.latency.Quantile(0.99)-plain.latency.Quantile(0.99)))
	d := prot.cpuPerRequest() - plain.cpuPerRequest()
	fmt.Fprintf(w, "CPU per request: %+.1f us (%+.1f%%)\n", d, d/plain.cpuPerRequest()*100)
	// The kernel's share (system time: the sockets, page faults, the
	// scheduler's wake-ups) apart from the process's own code: a cost
	// sqreen's code cannot show in a profile of its own functions.
	ds := prot.sysPerRequest() - plain.sysPerRequest()
	fmt.Fprintf(w, "of which in the kernel: plain %.1f, protected %.1f us (%+.1f); in user space %+.1f us\n",
		plain.sysPerRequest(), prot.sysPerRequest(), ds, d-ds)
}

// roundDeltas returns, for each round, the protected run's metric minus
// the plain run's of the same round, sorted. Runs next to each other
// share the machine's state of the moment; on a shared machine their
// spread says how far the totals can be trusted.
func roundDeltas(plain, prot *variant, metric func(measure) float64) []float64 {
	n := min(len(plain.runs), len(prot.runs))
	d := make([]float64, n)
	for i := range n {
		d[i] = metric(prot.runs[i]) - metric(plain.runs[i])
	}
	slices.Sort(d)
	return d
}

// p99 is a run's 99th percentile latency in microseconds.
func p99(m measure) float64 { return us(m.res.Latency.Quantile(0.99)) }

// printRoundDeltas prints the spread of roundDeltas of the metric named
// what: min, median, max.
func printRoundDeltas(w io.Writer, what string, d []float64) {
	if len(d) == 0 {
		return
	}
	med := d[len(d)/2]
	if len(d)%2 == 0 {
		med = (d[len(d)/2-1] + d[len(d)/2]) / 2
	}
	fmt.Fprintf(w, "%s, per round (protected - plain of the same round): min %+.1f, median %+.1f, max %+.1f us\n",
		what, d[0], med, d[len(d)-1])
}

// layoutDeltas returns, for each code layout, the mean of the per-round
// deltas (see roundDeltas) of the rounds that ran it, in the order of the
// layouts (the linker's own first); nil with one layout. The layouts do
// not weigh alike: -randlayout shuffles every function of the binary,
// so a random layout scatters the code a request runs over many more
// pages than the linker's own, which keeps a package's functions
// together (docs/PERFORMANCE.md).
func layoutDeltas(plain, prot *variant) []float64 {
	layouts := len(plain.apps)
	if layouts < 2 {
		return nil
	}
	sum := make([]float64, layouts)
	n := make([]int, layouts)
	for i := range min(len(plain.runs), len(prot.runs)) {
		sum[i%layouts] += prot.runs[i].cpuPerRequest() - plain.runs[i].cpuPerRequest()
		n[i%layouts]++
	}
	var d []float64
	for l := range layouts {
		if n[l] == 0 {
			break
		}
		d = append(d, sum[l]/float64(n[l]))
	}
	return d
}

// printLayoutDeltas prints layoutDeltas, if any.
func printLayoutDeltas(w io.Writer, d []float64) {
	if len(d) == 0 {
		return
	}
	fmt.Fprint(w, "CPU per request, by code layout (the linker's own, then the random ones):")
	for _, x := range d {
		fmt.Fprintf(w, " %+.1f", x)
	}
	fmt.Fprintln(w, " us")
}
