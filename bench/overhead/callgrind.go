package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// With -callgrind, each app runs under Valgrind's callgrind, which counts
// the instructions every function executes. Counting is switched on for
// the measured windows only (callgrind_control -i on / off), so what the
// profile holds is what the requests of those windows ran, start-up and
// warm-up left out. Instruction counts do not depend on what else runs on
// the machine: where the CPU time of two builds differs by a few
// microseconds per request in a spread of tens, the instructions tell
// whether the protected build does more work, and where. They cannot tell
// what that work costs in time (a cache miss is one instruction), nor the
// time the protected build loses when its code and data push the app's
// out of the caches.

// callgrindArgv returns the command that runs bin under callgrind, its
// counting off until switched on, writing its profile to out at exit.
func callgrindArgv(bin, out string) []string {
	return []string{"valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=" + out, bin}
}

// callgrindEnv is what an app needs to run under callgrind: Go's
// asynchronous preemption signals make callgrind 3.19 abort ("Assertion
// 'sigNum == vgCallgrind_current_state.sig' failed").
var callgrindEnv = []string{"GODEBUG=asyncpreemptoff=1"}

// checkCallgrind reports why -callgrind cannot run here, or nil.
func checkCallgrind() error {
	for _, tool := range []string{"valgrind", "callgrind_control"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("-callgrind needs Valgrind (Debian: apt-get install valgrind): %w", err)
		}
	}
	return nil
}

// callgrindFile is where the app name's profile goes.
func callgrindFile(logDir, name string) string {
	return filepath.Join(logDir, "callgrind-"+name+".out")
}

// countInstructions switches callgrind's counting in the app on or off.
func (a *app) countInstructions(on bool) error {
	arg := "off"
	if on {
		arg = "on"
	}
	out, err := exec.Command("callgrind_control", "-i", arg, strconv.Itoa(a.pid())).CombinedOutput()
	if err != nil {
		return fmt.Errorf("callgrind_control -i %s for the %s app: %v: %s", arg, a.name, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// instrProfile is what a callgrind profile counted: the instructions each
// function executed itself (what it called not included), and the
// garbage collection cycles that ended (gcMarkTermination).
type instrProfile struct {
	self     map[string]int64 // by function
	file     map[string]string
	gcCycles int64
}

// parseCallgrind reads a callgrind profile ("fl=", "fn=" and "cfn="
// lines whose names are compressed to "(id)" after their first use; cost
// lines "POSITION COST..."; a "calls=" line followed by the inclusive
// cost of that call, which is the callee's and not counted here). The
// first event must be Ir, the instructions executed.
func parseCallgrind(r io.Reader) (instrProfile, error) {
	p := instrProfile{self: map[string]int64{}, file: map[string]string{}}
	fnNames, flNames := map[string]string{}, map[string]string{}
	name := func(table map[string]string, v string) string {
		v = strings.TrimSpace(v)
		if !strings.HasPrefix(v, "(") {
			return v
		}
		i := strings.IndexByte(v, ')')
		if i < 0 {
			return v
		}
		id, rest := v[:i+1], strings.TrimSpace(v[i+1:])
		if rest != "" {
			table[id] = rest
			return rest
		}
		return table[id]
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var fn, fl, cfn string
	call := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case line == "" || line[0] == '#':
		case strings.HasPrefix(line, "events:"):
			if f := strings.Fields(line[len("events:"):]); len(f) == 0 || f[0] != "Ir" {
				return p, fmt.Errorf("line %d: events %q: want Ir first", n, strings.TrimSpace(line[len("events:"):]))
			}
		case strings.HasPrefix(line, "fl="):
			fl = name(flNames, line[3:])
		case strings.HasPrefix(line, "fi="), strings.HasPrefix(line, "fe="):
			name(flNames, line[3:]) // inlined code: still the function's cost
		case strings.HasPrefix(line, "fn="):
			fn = unrecursed(name(fnNames, line[3:]))
			p.file[fn] = fl
		case strings.HasPrefix(line, "cfn="):
			cfn = unrecursed(name(fnNames, line[4:]))
		case strings.HasPrefix(line, "cfi="), strings.HasPrefix(line, "cfl="):
			name(flNames, line[4:])
		case strings.HasPrefix(line, "calls="):
			call = true
			if cfn == "runtime.gcMarkTermination" { // once per cycle (gcStart is tried more often)
				f := strings.Fields(line[len("calls="):])
				if len(f) > 0 {
					if c, err := strconv.ParseInt(f[0], 10, 64); err == nil {
						p.gcCycles += c
					}
				}
			}
		case isCostLine(line):
			if call {
				call = false // the call's inclusive cost: the callee's
				continue
			}
			f := strings.Fields(line)
			if len(f) < 2 {
				continue // a position without cost: none counted
			}
			ir, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return p, fmt.Errorf("line %d: cost %q: %v", n, f[1], err)
			}
			p.self[fn] += ir
		}
	}
	return p, sc.Err()
}

// unrecursed returns fn without the "'N" callgrind appends to the name of
// a function called, directly or not, from itself (N its depth).
func unrecursed(fn string) string {
	i := strings.LastIndexByte(fn, '\'')
	if i < 0 || i == len(fn)-1 {
		return fn
	}
	for _, c := range fn[i+1:] {
		if c < '0' || c > '9' {
			return fn
		}
	}
	return fn[:i]
}

// isCostLine reports whether line is a cost line: it starts with a
// position, absolute (a number), relative (+N, -N) or the same (*).
func isCostLine(line string) bool {
	c := line[0]
	return c == '+' || c == '-' || c == '*' || (c >= '0' && c <= '9')
}

// instrGroup is where an instruction count goes in the report.
func instrGroup(fn, file string) string {
	switch {
	case strings.Contains(fn, "github.com/sqreen-go/sqreen/") || strings.Contains(fn, ".__sqreen_"):
		return "sqreen code"
	case gcFile(file) || strings.HasPrefix(fn, "gcWriteBarrier") || strings.HasPrefix(fn, "runtime.wbBuf"):
		return "GC (marking, sweeping, write barriers)"
	case strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/runtime/"):
		return "Go runtime (allocation, scheduler, maps)"
	case strings.HasPrefix(fn, "net/http.") || strings.HasPrefix(fn, "bufio.") || strings.HasPrefix(fn, "context."):
		return "net/http, bufio, context"
	}
	return "app and libraries"
}

// gcFile reports whether file holds the runtime's collector.
func gcFile(file string) bool {
	base := filepath.Base(file)
	dir := filepath.Base(filepath.Dir(file))
	switch {
	case dir == "runtime" && (strings.HasPrefix(base, "mgc") || base == "mbitmap.go" || base == "mwbbuf.go" || base == "mspanset.go"):
		return true
	case strings.Contains(file, "/internal/runtime/gc/"):
		return true
	}
	return false
}

var instrGroups = []string{
	"sqreen code",
	"net/http, bufio, context",
	"app and libraries",
	"Go runtime (allocation, scheduler, maps)",
	"GC (marking, sweeping, write barriers)",
}

// readCallgrind parses the profile in file.
func readCallgrind(file string) (instrProfile, error) {
	f, err := os.Open(file)
	if err != nil {
		return instrProfile{}, err
	}
	defer f.Close()
	p, err := parseCallgrind(f)
	if err != nil {
		return p, fmt.Errorf("%s: %w", file, err)
	}
	return p, nil
}

// printInstructions prints the instructions per request of both builds
// by group, then the functions whose count moved most, top of them.
func printInstructions(w io.Writer, plain, prot instrProfile, nPlain, nProt uint64, top int) {
	per := func(v int64, n uint64) float64 { return float64(v) / float64(n) }
	by := func(p instrProfile, n uint64) map[string]float64 {
		m := map[string]float64{}
		for fn, v := range p.self {
			m[instrGroup(fn, p.file[fn])] += per(v, n)
		}
		return m
	}
	a, b := by(plain, nPlain), by(prot, nProt)
	fmt.Fprintf(w, "\ninstructions per request (callgrind, counted during the measured windows: %d plain and %d protected requests; %d and %d GC cycles):\n",
		nPlain, nProt, plain.gcCycles, prot.gcCycles)
	fmt.Fprintf(w, "%-42s %11s %11s %10s\n", "", "plain", "protected", "delta")
	var ta, tb float64
	for _, g := range instrGroups {
		fmt.Fprintf(w, "%-42s %11.0f %11.0f %+10.0f\n", g, a[g], b[g], b[g]-a[g])
		ta, tb = ta+a[g], tb+b[g]
	}
	gc := instrGroups[len(instrGroups)-1]
	fmt.Fprintf(w, "%-42s %11.0f %11.0f %+10.0f (%+.2f %%)\n", "total", ta, tb, tb-ta, 100*(tb-ta)/ta)
	fmt.Fprintf(w, "%-42s %11.0f %11.0f %+10.0f (%+.2f %%)\n", "total outside the GC", ta-a[gc], tb-b[gc], (tb-b[gc])-(ta-a[gc]), 100*((tb-b[gc])-(ta-a[gc]))/(ta-a[gc]))
	// A window starts and ends in the middle of a cycle, whose work is
	// counted in part: the GC's count is good to about one cycle's worth.
	fmt.Fprintf(w, "(the GC's count is good to about one cycle in %d: the windows cut cycles in part; GC cycles per 1,000 requests: plain %.3f, protected %.3f)\n",
		max(min(plain.gcCycles, prot.gcCycles), 1), 1000*float64(plain.gcCycles)/float64(nPlain), 1000*float64(prot.gcCycles)/float64(nProt))
	if top <= 0 {
		return
	}
	type row struct {
		fn   string
		a, b float64
	}
	var rows []row
	for fn := range plain.self {
		rows = append(rows, row{fn, per(plain.self[fn], nPlain), per(prot.self[fn], nProt)})
	}
	for fn := range prot.self {
		if _, ok := plain.self[fn]; !ok {
			rows = append(rows, row{fn, 0, per(prot.self[fn], nProt)})
		}
	}
	slices.SortFunc(rows, func(x, y row) int { return cmp.Compare(math.Abs(y.b-y.a), math.Abs(x.b-x.a)) })
	fmt.Fprintf(w, "the %d functions whose own instructions per request moved most:\n", min(top, len(rows)))
	for _, r := range rows[:min(top, len(rows))] {
		fmt.Fprintf(w, "  %+8.0f %9.0f %9.0f  %s\n", r.b-r.a, r.a, r.b, r.fn)
	}
}

// reportInstructions stops the apps, which makes callgrind write their
// profiles, and prints what they counted, each build's layouts summed.
func reportInstructions(w io.Writer, o options, vs []*variant) error {
	var profs [2]instrProfile
	var reqs [2]uint64
	for i, v := range vs {
		profs[i] = instrProfile{self: map[string]int64{}, file: map[string]string{}}
		for _, a := range v.apps {
			a.stop()
			p, err := readCallgrind(callgrindFile(o.logDir, a.name))
			if err != nil {
				return err
			}
			for fn, n := range p.self {
				profs[i].self[fn] += n
				profs[i].file[fn] = p.file[fn]
			}
			profs[i].gcCycles += p.gcCycles
		}
		for _, m := range v.runs {
			reqs[i] += m.res.Requests
		}
	}
	printInstructions(w, profs[0], profs[1], reqs[0], reqs[1], o.callgrindTop)
	return nil
}
