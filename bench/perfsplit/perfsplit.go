// Package perfsplit splits the CPU time a sampling profile saw in a
// process into where it went: sqreen's own code, the garbage collector,
// the Go scheduler, the kernel on the app's behalf, and the app itself. It
// reads the text of `perf script -F pid,period,ip,sym` over a recording
// with call graphs (`perf record -e cpu-clock -g`), which, unlike Go's
// own profiler, also sees the kernel, the threads without a goroutine and
// the time spent with signals blocked.
//
// The split answers what a throughput comparison cannot: of the CPU a
// protected build spends per request beyond the plain build, how much runs
// in sqreen's frames, and how much is paid elsewhere because of them (more
// garbage to collect, more scheduling).
package perfsplit

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Category is where a sample's CPU time went.
type Category int

// The categories, in the order a sample is tested against them.
const (
	// Sqreen is sqreen's runtime and engine code, with the standard
	// library and Go runtime functions it calls (its allocations, its
	// map lookups, its syscalls): the frames from the sample's leaf up to
	// the first frame that is neither a helper (see helperPackages) nor
	// sqreen's decide.
	Sqreen Category = iota
	// GC is the garbage collector's background work and its assists.
	GC
	// Scheduler is the Go scheduler looking for work, parking and waking
	// threads, and sysmon.
	Scheduler
	// Kernel is the kernel on the app's behalf: its syscalls, page faults
	// and interrupts.
	Kernel
	// App is everything else: the app, its libraries, net/http.
	App
	// NumCategories is the number of categories.
	NumCategories
)

var categoryNames = [NumCategories]string{"sqreen code", "GC", "Go scheduler", "kernel", "app and libraries"}

func (c Category) String() string {
	if c < 0 || c >= NumCategories {
		return "category(" + strconv.Itoa(int(c)) + ")"
	}
	return categoryNames[c]
}

// Categories lists every category, in display order.
func Categories() []Category {
	cs := make([]Category, NumCategories)
	for i := range cs {
		cs[i] = Category(i)
	}
	return cs
}

// Profile is what the samples of one process add up to.
type Profile struct {
	// Samples is the number of samples, Total their summed periods (in
	// the unit perf reports: nanoseconds for cpu-clock).
	Samples int
	Total   int64
	// By is Total split by category.
	By [NumCategories]int64
	// Sqreen splits the Sqreen category by the sqreen function the
	// sample was attributed to (the first sqreen frame from the leaf).
	Sqreen map[string]int64
}

// sqreenPrefixes are the packages whose frames are sqreen's code in a
// protected app. The benchmarks' own packages (bench/...) are not.
var sqreenPrefixes = []string{
	"github.com/sqreen-go/sqreen/runtime/",
	"github.com/sqreen-go/sqreen/engine/",
}

// helperPackages are the packages whose frames are attributed to their
// caller: a strings.Index called by sqreen's code is sqreen's time, called
// by the app it is the app's. Matched on the function's package path.
var helperPackages = map[string]bool{
	"runtime": true, "sync": true, "sync/atomic": true, "strings": true, "bytes": true,
	"strconv": true, "sort": true, "slices": true, "maps": true, "context": true,
	"reflect": true, "fmt": true, "time": true, "errors": true, "io": true,
	"unicode": true, "unicode/utf8": true, "unique": true, "iter": true, "cmp": true,
	"net/netip": true, "net/url": true, "regexp": true, "regexp/syntax": true,
	"math": true, "math/bits": true, "hash/maphash": true, "encoding/binary": true,
	"aeshashbody": true, "memeqbody": true, "indexbytebody": true, "cmpbody": true,
	"countbody": true, "gogo": true, "[unknown]": true,
}

// forwarders are sqreen functions that only pass the call on to a value
// they wrap: the request context's methods promoted from the server's
// context. What runs under them is the wrapped value's own work, which
// the plain build pays as well, under the same caller (a database/sql
// select on the request context's Done makes the server context's
// channel in both builds), so they are skipped like helpers and the
// sample goes to their caller.
var forwarders = map[string]bool{
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx.(*reqContext).Done":     true,
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx.(*reqContext).Err":      true,
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx.(*reqContext).Deadline": true,
}

// gcFrames mark a sample as the collector's when no sqreen frame claims it.
var gcFrames = []string{
	"runtime.gcBgMarkWorker", "runtime.gcAssistAlloc", "runtime.bgsweep", "runtime.bgscavenge",
	"runtime.gcStart", "runtime.gcMarkDone", "runtime.gcMarkTermination", "runtime.wbBufFlush",
}

// schedulerFrames mark a sample as the scheduler's.
var schedulerFrames = []string{
	"runtime.schedule", "runtime.findRunnable", "runtime.park_m", "runtime.mcall",
	"runtime.sysmon", "runtime.goexit0", "runtime.mstart", "runtime.stopm", "runtime.startm",
	"runtime.exitsyscall", "runtime.entersyscall", "runtime.handoffp", "runtime.wakep",
}

// Parse reads `perf script -F pid,period,ip,sym` output and returns the
// profile of every process in it, by pid. A sample is a header line
// ("PID PERIOD") followed by its frames, leaf first, one per line (an
// address and a symbol), and a blank line.
func Parse(r io.Reader) (map[int]*Profile, error) {
	out := make(map[int]*Profile)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var (
		pid, line int
		period    int64
		frames    []string
		inSample  bool
	)
	flush := func() {
		if !inSample {
			return
		}
		p := out[pid]
		if p == nil {
			p = &Profile{Sqreen: make(map[string]int64)}
			out[pid] = p
		}
		p.add(period, frames)
		frames, inSample = frames[:0], false
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" {
			flush()
			continue
		}
		if text[0] == '\t' {
			if !inSample {
				return nil, fmt.Errorf("perf script line %d: a frame before any sample header: %q", line, text)
			}
			frames = append(frames, frameSymbol(text))
			continue
		}
		flush()
		f := strings.Fields(text)
		if len(f) < 2 {
			return nil, fmt.Errorf("perf script line %d: want a sample header \"PID PERIOD\" (perf script -F pid,period,ip,sym), got %q", line, text)
		}
		var err error
		if pid, err = strconv.Atoi(f[0]); err != nil {
			return nil, fmt.Errorf("perf script line %d: pid %q: %v", line, f[0], err)
		}
		if period, err = strconv.ParseInt(f[1], 10, 64); err != nil {
			return nil, fmt.Errorf("perf script line %d: period %q: %v", line, f[1], err)
		}
		inSample = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("perf script line %d: %v", line+1, err)
	}
	flush()
	return out, nil
}

// kernelMark starts the symbol of a kernel frame (see frameSymbol).
const kernelMark = "[k] "

// frameSymbol returns the symbol of a frame line ("\t  addr symbol", the
// symbol possibly followed by " (dso)" when perf prints it), marked with
// kernelMark when the address is the kernel's (x86-64 and arm64 kernels
// live in the top half of the address space, printed as 16 hex digits).
func frameSymbol(line string) string {
	s := strings.TrimSpace(line)
	addr, sym, ok := strings.Cut(s, " ")
	if !ok {
		return "[unknown]"
	}
	sym = strings.TrimSpace(sym)
	if i := strings.LastIndex(sym, " ("); i > 0 && strings.HasSuffix(sym, ")") {
		sym = sym[:i]
	}
	if i := strings.Index(sym, "+0x"); i > 0 {
		sym = sym[:i]
	}
	if len(addr) == 16 && addr[0] >= '8' {
		return kernelMark + sym
	}
	return sym
}

func (p *Profile) add(period int64, frames []string) {
	p.Samples++
	p.Total += period
	c, fn := classify(frames)
	p.By[c] += period
	if c == Sqreen {
		p.Sqreen[fn] += period
	}
}

// classify returns the category of a sample's stack (leaf first) and, for
// Sqreen, the sqreen function it is attributed to.
func classify(frames []string) (Category, string) {
	for _, f := range frames {
		if forwarders[f] {
			continue
		}
		if isSqreen(f) {
			return Sqreen, f
		}
		if !isHelper(f) {
			break
		}
	}
	if hasAny(frames, gcFrames) {
		return GC, ""
	}
	if hasAny(frames, schedulerFrames) {
		return Scheduler, ""
	}
	if len(frames) > 0 && isKernel(frames[0]) {
		return Kernel, ""
	}
	return App, ""
}

func isSqreen(f string) bool {
	for _, p := range sqreenPrefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// isHelper reports whether frame f is the kernel's or a helper package's
// (see helperPackages), or one of the Go runtime's assembly routines.
func isHelper(f string) bool {
	if isKernel(f) || strings.HasPrefix(f, "internal/") || strings.HasPrefix(f, "runtime.") {
		return true
	}
	return helperPackages[packageOf(f)]
}

// isKernel reports whether f is a kernel frame (see frameSymbol).
func isKernel(f string) bool { return strings.HasPrefix(f, kernelMark) }

// packageOf returns the package path of a Go symbol such as
// "net/http.(*conn).serve" or "strings.Index", or the symbol itself when
// it has no package.
func packageOf(sym string) string {
	slash := strings.LastIndexByte(sym, '/')
	dot := strings.IndexByte(sym[slash+1:], '.')
	if dot < 0 {
		return sym
	}
	return sym[:slash+1+dot]
}

func hasAny(frames, names []string) bool {
	for _, f := range frames {
		for _, n := range names {
			if strings.HasPrefix(f, n) && (len(f) == len(n) || f[len(n)] == '.') {
				return true
			}
		}
	}
	return false
}
