package agent

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// Site is one instrumented place of the program, as sqreen-build reports
// it (sqreen-build report): the hook point, the package and function that
// were rewritten, and the function's position in its original source.
type Site struct {
	Point    string // hook point, e.g. "file.open"
	Package  string // import path, e.g. "os"
	File     string // file name in the package's folder, e.g. "file.go"
	Line     int
	Function string // e.g. "os.OpenFile"
}

// sites is the registry of the instrumented sites. Instrumented packages
// register theirs from their init functions, which run before this
// package's: it holds only zero-valued state, so it needs no
// initialization. The tables are parsed when the inventory is read, once
// at login, never on a request's path.
var sites struct {
	mu     sync.Mutex
	tables []siteTable
}

type siteTable struct{ pkg, table string }

// RegisterSites records the sites instrumentation placed in package pkg.
// table has one line per site: point, function, file, line, separated by
// tabs (see runtime/hooks.RegisterSitesV3).
func RegisterSites(pkg, table string) {
	sites.mu.Lock()
	sites.tables = append(sites.tables, siteTable{pkg, table})
	sites.mu.Unlock()
}

// Sites returns the registered sites, sorted by package, file and line.
// A malformed line is skipped and reported in the error, which names the
// package and the line.
func Sites() ([]Site, error) {
	sites.mu.Lock()
	tables := sites.tables
	sites.mu.Unlock()
	var out []Site
	var errs []string
	for _, t := range tables {
		for i, line := range strings.Split(strings.TrimSuffix(t.table, "\n"), "\n") {
			if line == "" {
				continue
			}
			f := strings.Split(line, "\t")
			var n int
			var err error
			if len(f) != 4 {
				err = fmt.Errorf("%d fields, want 4", len(f))
			} else if n, err = strconv.Atoi(f[3]); err == nil && n <= 0 {
				err = fmt.Errorf("line %d", n)
			}
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: site %d: %v", t.pkg, i+1, err))
				continue
			}
			out = append(out, Site{Point: f[0], Package: t.pkg, Function: f[1], File: f[2], Line: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Package != b.Package {
			return a.Package < b.Package
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Point < b.Point
	})
	if len(errs) > 0 {
		return out, fmt.Errorf("inventory of instrumented sites: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// Inventory reports the instrumented sites and the rules version, for the
// login. A malformed site table (a sqreen-build and runtime skew) is
// logged once; the sites that parsed are still reported.
func (l platformLink) Inventory() ([]*wiremsg.Site, string) {
	list, err := Sites()
	if err != nil {
		l.a.log.once("inventory", "sqreen: "+err.Error())
	}
	out := make([]*wiremsg.Site, 0, len(list))
	for _, s := range list {
		out = append(out, &wiremsg.Site{HookPoint: s.Point, Package: s.Package, File: s.File, Line: int32(s.Line), Function: s.Function})
	}
	_, version := l.a.Rules()
	return out, version
}

// ignored is the registry of the line ranges of user code opted out of
// the sink checks by //sqreen:ignore (see RegisterIgnored). Like sites, it
// is filled at init and holds only zero-valued state before that; count
// lets a check skip the stack walk when no range was registered.
var ignored struct {
	mu     sync.Mutex
	count  atomic.Int32
	ranges []ignoredRange
}

type ignoredRange struct {
	funcPrefix string // "pkg." as the symbol names of the package begin
	file       string // file name, without folder
	start, end int
}

// RegisterIgnored records line ranges of package pkg (the compiler's -p
// path) that are opted out of the sink checks. table has one line per
// range: file name, first and last line, separated by tabs. Malformed
// lines (a sqreen-build and runtime skew) are dropped.
func RegisterIgnored(pkg, table string) {
	prefix := symbolPrefix(pkg)
	ignored.mu.Lock()
	defer ignored.mu.Unlock()
	for _, line := range strings.Split(table, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		start, err1 := strconv.Atoi(f[1])
		end, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil || start <= 0 || end < start {
			continue
		}
		ignored.ranges = append(ignored.ranges, ignoredRange{funcPrefix: prefix, file: f[0], start: start, end: end})
	}
	ignored.count.Store(int32(len(ignored.ranges)))
}

// symbolPrefix is how the symbols of package path begin in a stack trace:
// the path, dots of its last element escaped as the linker does, and a dot.
func symbolPrefix(path string) string {
	i := strings.LastIndexByte(path, '/') + 1
	return path[:i] + strings.ReplaceAll(path[i:], ".", "%2e") + "."
}

// calledFromIgnored reports whether a frame of the calling goroutine's
// stack is in a range of user code opted out by //sqreen:ignore. It is
// called only when a sink check matched, so the stack walk never costs a
// request that has nothing to report.
func calledFromIgnored() bool {
	if ignored.count.Load() == 0 {
		return false
	}
	var pcs [64]uintptr
	n := runtime.Callers(2, pcs[:])
	ignored.mu.Lock()
	ranges := ignored.ranges
	ignored.mu.Unlock()
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		base := f.File[strings.LastIndexAny(f.File, `/\`)+1:]
		for _, r := range ranges {
			if f.Line >= r.start && f.Line <= r.end && base == r.file && strings.HasPrefix(f.Function, r.funcPrefix) {
				return true
			}
		}
		if !more {
			return false
		}
	}
}
