// Command footprint counts what sqreen's own code costs a request in
// cache misses: the 64-byte lines of its code and data that a request
// protected by the runtime reads from memory when nothing of the previous
// request is left in any cache. On a real server the app's own work
// between two requests (SQLite, templates, the collector through a large
// heap) evicts most of sqreen's lines, and at 50 to 100 ns each these
// misses, not the instructions, are most of what protection costs
// (docs/PERFORMANCE.md).
//
// It runs runtime/hooks' BenchmarkRequestCold/dram (bench/app's request
// through the hooks, 64 MB swept before each request) under Valgrind's
// cachegrind, which simulates the caches and counts every miss, twice
// (-n1 and -n2 iterations), and divides the difference by the difference
// of iterations, so that start-up and first-use costs cancel out. Unlike
// a timing, the counts are the same from run to run on any machine: a
// change that shrinks what a request touches shows as fewer lines, however
// noisy the machine.
//
//	(cd runtime/hooks && go test -c -o /tmp/hooks.test .)
//	go run ./bench/footprint -bin /tmp/hooks.test
//
// bench/footprint.sh does both. It needs valgrind (apt-get install
// valgrind). Only functions of sqreen's packages are counted, not the
// standard library code they call (maps, contexts, the allocator), which
// the plain half of the benchmark runs too. -inclusive counts that code
// as well, under callgrind: what each call into sqreen from outside (the
// hooks, the Writer's methods) cost with all it called, about a third
// more lines than sqreen's own (see inclusive.go).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// module is the prefix of the functions counted as sqreen's.
const module = "github.com/sqreen-go/sqreen/"

func main() {
	bin := flag.String("bin", "", "runtime/hooks test binary (go test -c); several, comma-separated, are the same code linked with different layouts (-ldflags=-randlayout=N), whose counts are averaged")
	n1 := flag.Int("n1", 10, "iterations of the first run")
	n2 := flag.Int("n2", 30, "iterations of the second run, more than -n1")
	top := flag.Int("top", 25, "how many functions to list")
	inclusive := flag.Bool("inclusive", false, "count with sqreen's code all it calls (the allocator, maps, the standard library), under callgrind (see inclusive.go)")
	pages := flag.Bool("pages", false, "count 4 KB pages instead of 64-byte lines: the last level is simulated with lines of a page, so that each of its misses is a page of code or data the request touches first (see llLine)")
	flag.Parse()
	if *pages {
		llLine, unit = pageSize, "pages"
	}
	if *bin == "" || *n1 < 1 || *n2 <= *n1 || *top < 0 {
		fmt.Fprintln(os.Stderr, "footprint: -bin is required, and 1 <= -n1 < -n2, -top >= 0")
		flag.Usage()
		os.Exit(2)
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		fmt.Fprintln(os.Stderr, "footprint: needs valgrind (apt-get install valgrind)")
		os.Exit(2)
	}
	dir, err := os.MkdirTemp("", "sqreen-footprint")
	if err != nil {
		fmt.Fprintln(os.Stderr, "footprint:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	// Where the linker puts each function moves which of its blocks
	// share a 64-byte line: a function's count moves by a few lines from
	// one layout to another, its code unchanged.
	bins := strings.Split(*bin, ",")
	if *inclusive {
		var entries, below, passed []profile
		for k, b := range bins {
			runs := twice(b, *n1, *n2, filepath.Join(dir, fmt.Sprintf("callgrind-%d", k)), runInclusive)
			entries = append(entries, perRequest(runs[0].entries, runs[1].entries, *n2-*n1))
			below = append(below, perRequest(runs[0].below, runs[1].below, *n2-*n1))
			passed = append(passed, perRequest(runs[0].passed, runs[1].passed, *n2-*n1))
		}
		if len(bins) > 1 {
			fmt.Printf("averaged over %d code layouts; code %s missed per layout:", len(bins), unit)
			for i, p := range entries {
				fmt.Printf(" %.1f", p.total().ilMiss-passed[i].total().ilMiss)
			}
			fmt.Println()
		}
		reportInclusive(os.Stdout, mean(entries), mean(below), mean(passed), *top)
		return
	}
	var layouts []profile
	var entryPages []int
	for k, b := range bins {
		runs := twice(b, *n1, *n2, filepath.Join(dir, fmt.Sprintf("cg-%d", k)), run)
		p := perRequest(runs[0], runs[1], *n2-*n1)
		layouts = append(layouts, p)
		n, _, err := codePages(b, p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "footprint:", err)
			os.Exit(1)
		}
		entryPages = append(entryPages, n)
	}
	if len(bins) > 1 {
		fmt.Printf("averaged over %d code layouts; code %s missed per layout:", len(bins), unit)
		for _, p := range layouts {
			fmt.Printf(" %.1f", p.total().ilMiss)
		}
		fmt.Println()
	}
	report(os.Stdout, mean(layouts), entryPages, *top)
}

// twice runs the benchmark in bin n1, then n2 times, with run, its
// output in files named from out; it exits on an error.
func twice[P any](bin string, n1, n2 int, out string, run func(bin string, n int, out string) (P, error)) [2]P {
	var runs [2]P
	for i, n := range []int{n1, n2} {
		p, err := run(bin, n, fmt.Sprintf("%s-%d.out", out, n))
		if err != nil {
			fmt.Fprintln(os.Stderr, "footprint:", err)
			os.Exit(1)
		}
		runs[i] = p
	}
	return runs
}

// run runs the benchmark n times under cachegrind and reads its counts.
// Asynchronous preemption is off: its signals land at random points and
// would make two runs differ by more than a request's worth. RDTSCP is
// off: Valgrind 3.19 does not decode it, and the runtime's contended
// locks read the clock with it (a SIGILL in some runs).
func run(bin string, n int, out string) (profile, error) {
	f, err := valgrind("cachegrind", bin, n, out)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parse(f)
}

// valgrind runs the benchmark in bin n times under tool (cachegrind or
// callgrind: the same option names its output file) with the caches
// simulated, and opens its output.
func valgrind(tool, bin string, n int, out string) (*os.File, error) {
	cmd := exec.Command("valgrind", "--tool="+tool, "--cache-sim=yes",
		"--I1=65536,4,64", "--D1=65536,8,64", fmt.Sprintf("--LL=33554432,16,%d", llLine),
		"--"+tool+"-out-file="+out, bin,
		"-test.run", "^$", "-test.bench", "^BenchmarkRequestCold$/^dram$", "-test.benchtime", fmt.Sprintf("%dx", n))
	cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("valgrind %s (%d iterations): %v\n%s", bin, n, err, b)
	}
	return os.Open(out)
}

// llLine is the line size of the simulated last level, and unit what
// its misses count: 64-byte lines, or, with -pages, 4 KB pages. With the
// 64 MB swept before each request nothing of it is left in the 32 MB
// last level, and within a request nothing is evicted from it (8,192
// pages fit), so that a miss of its is the first touch of a page by the
// request. With nothing cached, each such page costs a page walk before
// its first line is read.
var (
	llLine = 64
	unit   = "lines"
)

// counts are the cachegrind events of one function: instructions, then
// last-level misses reading code, reading data and writing data.
type counts struct {
	ir, ilMiss, dlReadMiss, dlWriteMiss float64
}

func (c counts) misses() float64 { return c.ilMiss + c.dlReadMiss + c.dlWriteMiss }

// profile is the counts by function of sqreen's packages (tests and
// package initialisation left out).
type profile map[string]counts

// parse reads a cachegrind output file: an "events:" line naming the
// columns, then "fl=" (file) and "fn=" (function) lines, each followed by
// "line count count ..." lines.
func parse(r io.Reader) (profile, error) {
	p := profile{}
	testFns := map[string]bool{} // functions of test files, wherever their lines are
	col := map[string]int{}
	var file, fn string
	sc := lines(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case readEvents(line, col):
		case strings.HasPrefix(line, "fl="):
			file = line[3:]
		case strings.HasPrefix(line, "fn="):
			fn = line[3:]
			if strings.HasSuffix(file, "_test.go") {
				testFns[fn] = true
			}
		case line == "" || line[0] < '0' || line[0] > '9':
			// desc:, cmd:, summary: and the like
		default:
			if len(col) == 0 {
				return nil, fmt.Errorf("line %d: counts before the events line", n)
			}
			if !counted(fn) {
				continue
			}
			c, err := countsOf(strings.Fields(line)[1:], col, n)
			if err != nil {
				return nil, err
			}
			t := p[fn]
			t.add(c)
			p[fn] = t
		}
	}
	for fn := range testFns {
		delete(p, fn)
	}
	return p, sc.Err()
}

// lines returns a scanner of r's lines, long ones included.
func lines(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	return sc
}

// readEvents reports whether line is the "events:" line, and then sets
// col to the column of each event it names.
func readEvents(line string, col map[string]int) bool {
	if !strings.HasPrefix(line, "events:") {
		return false
	}
	for i, e := range strings.Fields(strings.TrimPrefix(line, "events:")) {
		col[e] = i
	}
	return true
}

// countsOf reads the counts of a cost line's fields f (its position
// left out), whose columns col names (the events line), at line n.
func countsOf(f []string, col map[string]int, n int) (counts, error) {
	var c [4]float64
	for i, e := range []string{"Ir", "ILmr", "DLmr", "DLmw"} {
		j, ok := col[e]
		if !ok {
			return counts{}, fmt.Errorf("line %d: no %s event (was --cache-sim=yes given?)", n, e)
		}
		if j >= len(f) {
			continue // trailing zeros may be left out
		}
		v, err := strconv.ParseFloat(f[j], 64)
		if err != nil {
			return counts{}, fmt.Errorf("line %d: %v", n, err)
		}
		c[i] = v
	}
	return counts{ir: c[0], ilMiss: c[1], dlReadMiss: c[2], dlWriteMiss: c[3]}, nil
}

// counted reports whether fn is sqreen's code that may run per request:
// of its module, not a package's initialisation. Functions of test files
// are dropped after the whole file is read (parse), as their lines may
// come under the file of a function inlined into them.
func counted(fn string) bool {
	return strings.HasPrefix(fn, module) && !strings.HasSuffix(fn, ".init") && !strings.Contains(fn, ".init.")
}

// perRequest is (b - a) / n, function by function.
func perRequest(a, b profile, n int) profile {
	d := profile{}
	for fn, cb := range b {
		ca := a[fn]
		d[fn] = counts{
			ir:          (cb.ir - ca.ir) / float64(n),
			ilMiss:      (cb.ilMiss - ca.ilMiss) / float64(n),
			dlReadMiss:  (cb.dlReadMiss - ca.dlReadMiss) / float64(n),
			dlWriteMiss: (cb.dlWriteMiss - ca.dlWriteMiss) / float64(n),
		}
	}
	return d
}

// mean is the function by function mean of ps.
func mean(ps []profile) profile {
	m := profile{}
	for _, p := range ps {
		for fn, c := range p {
			t := m[fn]
			t.add(c)
			m[fn] = t
		}
	}
	n := float64(len(ps))
	for fn, c := range m {
		m[fn] = counts{ir: c.ir / n, ilMiss: c.ilMiss / n, dlReadMiss: c.dlReadMiss / n, dlWriteMiss: c.dlWriteMiss / n}
	}
	return m
}

func (c *counts) add(d counts) {
	c.ir += d.ir
	c.ilMiss += d.ilMiss
	c.dlReadMiss += d.dlReadMiss
	c.dlWriteMiss += d.dlWriteMiss
}

// total is the sum over all functions.
func (p profile) total() counts {
	var t counts
	for _, c := range p {
		t.add(c)
	}
	return t
}

func report(w io.Writer, p profile, pages []int, top int) {
	total := p.total()
	names := make([]string, 0, len(p))
	for fn, c := range p {
		if c.misses() > 0.05 || c.ir > 0.5 {
			names = append(names, fn)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if mi, mj := p[names[i]].misses(), p[names[j]].misses(); mi != mj {
			return mi > mj
		}
		return names[i] < names[j]
	})
	fmt.Fprintf(w, "sqreen's own code, per protected request, nothing cached before it (cachegrind: 64 KB L1, 32 MB last level of %d-byte lines):\n", llLine)
	fmt.Fprintf(w, "  instructions          %8.0f\n", total.ir)
	if llLine == 64 {
		fmt.Fprintf(w, "  code lines missed     %8.1f  (%.1f KB of code read from memory)\n", total.ilMiss, total.ilMiss*64/1024)
	} else {
		fmt.Fprintf(w, "  code %-5s missed     %8.1f\n", unit, total.ilMiss)
	}
	fmt.Fprintf(w, "  data %-5s missed     %8.1f  (read %.1f, written %.1f)\n", unit, total.dlReadMiss+total.dlWriteMiss, total.dlReadMiss, total.dlWriteMiss)
	fmt.Fprintf(w, "  functions run         %8d\n", len(names))
	if len(pages) > 0 {
		fmt.Fprintln(w, pagesLine(pages))
	}
	if top == 0 || len(names) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%8s %8s %8s %8s  %s\n", "misses", "code", "data", "instr", "function")
	for i, fn := range names {
		if i == top {
			break
		}
		c := p[fn]
		fmt.Fprintf(w, "%8.1f %8.1f %8.1f %8.0f  %s\n", c.misses(), c.ilMiss, c.dlReadMiss+c.dlWriteMiss, c.ir, strings.TrimPrefix(fn, module))
	}
}
