package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/bench/perfsplit"
)

// perfRate is the sampling frequency of -perf, in samples per second of
// CPU: about one per millisecond, off the round number so as not to beat
// with periodic work.
const perfRate = 997

// recording is a `perf record` of one app over one measured window.
type recording struct {
	cmd  *exec.Cmd
	file string
	log  bytes.Buffer
}

// checkPerf reports why -perf cannot run here, or nil.
func checkPerf() error {
	if _, err := exec.LookPath("perf"); err != nil {
		return fmt.Errorf("-perf needs Linux perf (Debian: apt-get install linux-perf): %w", err)
	}
	return nil
}

// startPerf starts sampling pid's CPU (all its threads, kernel included)
// with call graphs, for d; file is where the samples go.
func startPerf(pid int, d time.Duration, file string) (*recording, error) {
	r := &recording{file: file}
	r.cmd = exec.Command("perf", "record", "-q", "-e", "cpu-clock", "-F", strconv.Itoa(perfRate), "-g",
		"-p", strconv.Itoa(pid), "-o", file, "--", "sleep", strconv.FormatFloat(d.Seconds(), 'f', 3, 64))
	r.cmd.Stdout, r.cmd.Stderr = &r.log, &r.log
	if err := r.cmd.Start(); err != nil {
		return nil, fmt.Errorf("perf record: %w", err)
	}
	return r, nil
}

// profile waits for the recording to end and returns the profile of pid
// in it; the recording is removed unless keep is set.
func (r *recording) profile(pid int, keep bool) (*perfsplit.Profile, error) {
	if err := r.cmd.Wait(); err != nil {
		return nil, fmt.Errorf("perf record of pid %d: %v: %s", pid, err, strings.TrimSpace(r.log.String()))
	}
	script := exec.Command("perf", "script", "-i", r.file, "-F", "pid,period,ip,sym")
	var stderr bytes.Buffer
	script.Stderr = &stderr
	out, err := script.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := script.Start(); err != nil {
		return nil, fmt.Errorf("perf script: %w", err)
	}
	ps, perr := perfsplit.Parse(out)
	io.Copy(io.Discard, out)
	if err := script.Wait(); err != nil {
		return nil, fmt.Errorf("perf script -i %s: %v: %s", r.file, err, strings.TrimSpace(stderr.String()))
	}
	if perr != nil {
		return nil, fmt.Errorf("%s: %w", r.file, perr)
	}
	if !keep {
		os.Remove(r.file)
	}
	p := ps[pid]
	if p == nil || p.Samples == 0 {
		return nil, fmt.Errorf("perf recorded no sample of pid %d (%s)", pid, r.file)
	}
	return p, nil
}

// perfFile names the recording of one run.
func perfFile(logDir, name string, round int) string {
	return filepath.Join(logDir, fmt.Sprintf("perf-%s-%d.data", name, round))
}

// split sums one build's -perf profiles: nanoseconds of CPU by category
// and by sqreen function, and the requests of the recorded windows.
type split struct {
	requests uint64
	total    int64
	by       [perfsplit.NumCategories]int64
	sqreen   map[string]int64
}

func (s *split) add(p *perfsplit.Profile, requests uint64) {
	if s.sqreen == nil {
		s.sqreen = make(map[string]int64)
	}
	s.requests += requests
	s.total += p.Total
	for i, v := range p.By {
		s.by[i] += v
	}
	for fn, v := range p.Sqreen {
		s.sqreen[fn] += v
	}
}

// perReq converts nanoseconds summed over the windows to microseconds per
// request.
func (s *split) perReq(ns int64) float64 {
	if s.requests == 0 {
		return 0
	}
	return float64(ns) / 1e3 / float64(s.requests)
}

// printSplit prints where each build's CPU per request went, and the
// protected build's sqreen functions that cost the most.
func printSplit(w io.Writer, plain, prot *split, top int) {
	fmt.Fprintf(w, "\nwhere the CPU per request went (perf record -e cpu-clock -g, %d samples per CPU second; perf slows both builds):\n", perfRate)
	fmt.Fprintf(w, "%-20s %10s %10s %9s\n", "us per request", "plain", "protected", "delta")
	for _, c := range perfsplit.Categories() {
		a, b := plain.perReq(plain.by[c]), prot.perReq(prot.by[c])
		fmt.Fprintf(w, "%-20s %10.1f %10.1f %+9.1f\n", c, a, b, b-a)
	}
	a, b := plain.perReq(plain.total), prot.perReq(prot.total)
	fmt.Fprintf(w, "%-20s %10.1f %10.1f %+9.1f\n", "total", a, b, b-a)
	type fn struct {
		name string
		ns   int64
	}
	var fns []fn
	for name, ns := range prot.sqreen {
		fns = append(fns, fn{name, ns})
	}
	slices.SortFunc(fns, func(x, y fn) int { return cmp.Or(cmp.Compare(y.ns, x.ns), strings.Compare(x.name, y.name)) })
	if len(fns) > top {
		fns = fns[:top]
	}
	if len(fns) > 0 {
		fmt.Fprintf(w, "sqreen code of the protected build, by function (with what it calls of the standard library and runtime):\n")
	}
	for _, f := range fns {
		fmt.Fprintf(w, "%8.2f us  %s\n", prot.perReq(f.ns), strings.TrimPrefix(f.name, "github.com/sqreen-go/sqreen/"))
	}
}
