package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// The inclusive count (-inclusive): what a protected request costs with
// everything sqreen's code calls, the allocator, maps, locks and the
// standard library included, which the default count leaves out. It runs
// the benchmark under callgrind, whose output has, for every call, what
// the call cost with all it called, and adds up the calls into sqreen
// from outside it: the entry hook from the benchmark, the Writer's
// methods from html/template, the template hook from text/template's
// instrumented glue, and so on. A call into sqreen made by the runtime
// or sync on sqreen's behalf (a deferred closure, a sync.Once) is inside
// such a call already and is not added again.

// inclusiveProfile is what calls into and out of sqreen cost, by callee.
type inclusiveProfile struct {
	entries profile // by function of sqreen called from outside it
	below   profile // by function outside sqreen called from sqreen's code
	// passed is what sqreen's calls into the benchmark's own code cost:
	// the response writer it wraps, whose work the plain request does
	// too. It is in the costs of entries, and taken out of the total.
	passed profile
}

// runInclusive runs the benchmark n times under callgrind.
func runInclusive(bin string, n int, out string) (inclusiveProfile, error) {
	f, err := valgrind("callgrind", bin, n, out)
	if err != nil {
		return inclusiveProfile{}, err
	}
	defer f.Close()
	return parseCalls(f, float64(n))
}

// sqreens reports whether fn is sqreen's per-request code, its
// instrumented glue in other packages (__sqreen_ functions) included.
func sqreens(fn string) bool { return counted(fn) || strings.Contains(fn, ".__sqreen_") }

// callsBack reports whether fn, outside sqreen, calls into sqreen only on
// sqreen's behalf: the runtime (deferred calls), sync, internal packages.
func callsBack(fn string) bool {
	return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "sync.") || strings.HasPrefix(fn, "internal/")
}

// parseCalls reads a callgrind output file: "fl=", "fn=", "cfn=" lines
// (names compressed: "(id) name" the first time, "(id)" after), cost
// lines, and "calls=" lines, each followed by the line of the call's
// inclusive cost.
//
// Only calls made at least minCalls times are counted: one per request at
// least. A call during which the goroutine was switched (start-up's, the
// benchmark's own) has whatever ran on other goroutines in its cost,
// which differs from run to run.
func parseCalls(r io.Reader, minCalls float64) (inclusiveProfile, error) {
	p := inclusiveProfile{entries: profile{}, below: profile{}, passed: profile{}}
	names := map[string]string{} // compressed function names
	files := map[string]string{} // compressed file names
	testFns := map[string]bool{}
	col := map[string]int{}
	var file, fn, cfn string
	var calls []edge
	call := false // the next cost line is a call's
	var ncalls float64
	name := func(table map[string]string, v string) string {
		if strings.HasPrefix(v, "(") {
			if i := strings.IndexByte(v, ')'); i > 0 {
				id, rest := v[:i+1], strings.TrimSpace(v[i+1:])
				if rest != "" {
					table[id] = rest
					return rest
				}
				return table[id]
			}
		}
		return v
	}
	fnName := func(v string) string {
		n := name(names, v)
		if i := strings.LastIndexByte(n, '\''); i > 0 {
			n = n[:i] // a recursion level or cycle: callgrind's f'2
		}
		return n
	}
	sc := lines(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case readEvents(line, col):
		case strings.HasPrefix(line, "fl="):
			file = name(files, line[3:])
		case strings.HasPrefix(line, "fi="), strings.HasPrefix(line, "fe="), strings.HasPrefix(line, "cfi="), strings.HasPrefix(line, "cfl="):
			name(files, line[strings.IndexByte(line, '=')+1:]) // keep the table whole
		case strings.HasPrefix(line, "fn="):
			fn = fnName(line[3:])
			if strings.HasSuffix(file, "_test.go") {
				testFns[fn] = true
			}
		case strings.HasPrefix(line, "cfn="):
			cfn = fnName(line[4:])
		case strings.HasPrefix(line, "calls="):
			f := strings.Fields(line[len("calls="):])
			if len(f) == 0 {
				return p, fmt.Errorf("line %d: want calls=COUNT TARGET, got %q", n, line)
			}
			count, err := strconv.ParseFloat(f[0], 64)
			if err != nil {
				return p, fmt.Errorf("line %d: want calls=COUNT TARGET, got %q", n, line)
			}
			call, ncalls = true, count
		case line == "" || !(line[0] >= '0' && line[0] <= '9' || line[0] == '+' || line[0] == '-' || line[0] == '*'):
			// desc:, cmd:, summary:, ob= and the like
		default:
			if !call {
				continue
			}
			call = false
			if len(col) == 0 {
				return p, fmt.Errorf("line %d: counts before the events line", n)
			}
			c, err := countsOf(strings.Fields(line)[1:], col, n)
			if err != nil {
				return p, err
			}
			if sqreens(fn) || sqreens(cfn) {
				calls = append(calls, edge{fn, cfn, ncalls, c})
			}
		}
	}
	if err := sc.Err(); err != nil {
		return p, err
	}
	// Test code (the benchmark, its helpers) is outside sqreen, wherever
	// its lines are: known once the whole file is read.
	ours := func(fn string) bool { return sqreens(fn) && !testFns[fn] }
	// The calls of one function to another may come in several records
	// (callgrind's contexts: a caller's recursion levels, f'2): they are
	// one call site, whose count is their sum.
	merged := map[[2]string]edge{}
	for _, e := range calls {
		k := [2]string{e.caller, e.callee}
		m := merged[k]
		m.caller, m.callee = e.caller, e.callee
		m.n += e.n
		m.c.add(e.c)
		merged[k] = m
	}
	for _, e := range merged {
		if e.n < minCalls {
			continue
		}
		switch {
		case ours(e.callee) && !ours(e.caller) && !callsBack(e.caller):
			t := p.entries[e.callee]
			t.add(e.c)
			p.entries[e.callee] = t
		case ours(e.caller) && testFns[e.callee]:
			t := p.passed[e.callee]
			t.add(e.c)
			p.passed[e.callee] = t
		case ours(e.caller) && !ours(e.callee):
			t := p.below[e.callee]
			t.add(e.c)
			p.below[e.callee] = t
		}
	}
	return p, nil
}

// edge is a call and what it cost, all it called included.
type edge struct {
	caller, callee string
	n              float64 // how many calls
	c              counts
}

func reportInclusive(w io.Writer, entries, below, passed profile, top int) {
	total := entries.total()
	p := passed.total()
	total.ir -= p.ir
	total.ilMiss -= p.ilMiss
	total.dlReadMiss -= p.dlReadMiss
	total.dlWriteMiss -= p.dlWriteMiss
	fmt.Fprintf(w, "sqreen with all it calls, per protected request, nothing cached before it (callgrind: 64 KB L1, 32 MB last level of %d-byte lines):\n", llLine)
	fmt.Fprintf(w, "  instructions          %8.0f\n", total.ir)
	fmt.Fprintf(w, "  code %-5s missed     %8.1f\n", unit, total.ilMiss)
	fmt.Fprintf(w, "  data %-5s missed     %8.1f  (read %.1f, written %.1f)\n", unit, total.dlReadMiss+total.dlWriteMiss, total.dlReadMiss, total.dlWriteMiss)
	fmt.Fprintf(w, "  not counted: the wrapped response writer's own work, %.1f %s, %.0f instructions\n", p.misses(), unit, p.ir)
	for _, part := range []struct {
		title string
		p     profile
	}{{"called from outside sqreen (inclusive)", entries}, {"outside sqreen, called from sqreen's code (inclusive)", below}} {
		names := make([]string, 0, len(part.p))
		for fn, c := range part.p {
			if c.misses() > 0.05 || c.ir > 0.5 {
				names = append(names, fn)
			}
		}
		sort.Slice(names, func(i, j int) bool {
			if mi, mj := part.p[names[i]].misses(), part.p[names[j]].misses(); mi != mj {
				return mi > mj
			}
			return names[i] < names[j]
		})
		fmt.Fprintf(w, "\n%s:\n%8s %8s %8s %8s  %s\n", part.title, "misses", "code", "data", "instr", "function")
		for i, fn := range names {
			if i == top {
				break
			}
			c := part.p[fn]
			fmt.Fprintf(w, "%8.1f %8.1f %8.1f %8.0f  %s\n", c.misses(), c.ilMiss, c.dlReadMiss+c.dlWriteMiss, c.ir, strings.TrimPrefix(fn, module))
		}
	}
}
