package main

import (
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestParseCountsSqreenFunctionsOnly(t *testing.T) {
	f, err := os.Open("testdata/small.cg")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := parse(f)
	if err != nil {
		t.Fatal(err)
	}
	// enter appears twice (a function's lines may come back under
	// another fl=): its counts add up.
	enter := p["github.com/sqreen-go/sqreen/runtime/internal/agent.(*Agent).enter"]
	if want := (counts{ir: 16, ilMiss: 2, dlReadMiss: 0, dlWriteMiss: 1}); enter != want {
		t.Errorf("enter = %+v, want %+v", enter, want)
	}
	// Trailing zero columns left out. The test function is left out
	// under the standard library file inlined into it too.
	collect := p["github.com/sqreen-go/sqreen/engine/rules.(*Request).collect"]
	if want := (counts{ir: 100, ilMiss: 3, dlReadMiss: 2}); collect != want {
		t.Errorf("collect = %+v, want %+v", collect, want)
	}
	if len(p) != 2 {
		t.Errorf("counted %d functions, want 2 (no init, no test code, no standard library): %v", len(p), p)
	}
}

func TestParseRejectsCountsWithoutCacheEvents(t *testing.T) {
	_, err := parse(strings.NewReader("events: Ir\nfl=a.go\nfn=github.com/sqreen-go/sqreen/x.F\n1 5\n"))
	if err == nil || !strings.Contains(err.Error(), "ILmr") || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("parse without the cache simulation: err = %v, want one naming the missing ILmr event and line 4", err)
	}
}

func TestPerRequestCancelsOneTimeCosts(t *testing.T) {
	a := profile{"f": {ir: 1000, ilMiss: 50}, "g": {ir: 10}}
	b := profile{"f": {ir: 3000, ilMiss: 90}, "g": {ir: 10}}
	d := perRequest(a, b, 20)
	if want := (counts{ir: 100, ilMiss: 2}); d["f"] != want {
		t.Errorf("f per request = %+v, want %+v", d["f"], want)
	}
	if d["g"] != (counts{}) {
		t.Errorf("g, run only at start-up, per request = %+v, want zero", d["g"])
	}
}

func TestMeanAveragesLayouts(t *testing.T) {
	m := mean([]profile{{"f": {ilMiss: 10, ir: 100}}, {"f": {ilMiss: 14, ir: 100}, "g": {dlReadMiss: 2}}})
	if want := (counts{ilMiss: 12, ir: 100}); m["f"] != want {
		t.Errorf("f = %+v, want %+v", m["f"], want)
	}
	if want := (counts{dlReadMiss: 1}); m["g"] != want {
		t.Errorf("g, in one layout only = %+v, want %+v (a function missing from a layout counts zero there)", m["g"], want)
	}
	if tot := m.total(); tot.ilMiss != 12 || tot.dlReadMiss != 1 {
		t.Errorf("total = %+v", tot)
	}
}

func TestParseCallsAddsCallsIntoSqreenFromOutside(t *testing.T) {
	f, err := os.Open("testdata/small.callgrind")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := parseCalls(f, 20)
	if err != nil {
		t.Fatal(err)
	}
	// httpEnter is called from net/http and from the benchmark: both
	// add up. agent.New, called once, is start-up's; the deferred
	// closure runs inside enter's call already; median is the
	// benchmark's own.
	want := profile{
		"github.com/sqreen-go/sqreen/runtime/hooks.httpEnter":                {ir: 150, ilMiss: 8, dlReadMiss: 3, dlWriteMiss: 1},
		"github.com/sqreen-go/sqreen/runtime/internal/agent.(*entry).end-fm": {ir: 30, ilMiss: 2},
	}
	if len(p.entries) != len(want) {
		t.Errorf("entries = %v, want %v", p.entries, want)
	}
	for fn, c := range want {
		if p.entries[fn] != c {
			t.Errorf("entries[%s] = %+v, want %+v", fn, p.entries[fn], c)
		}
	}
	below := profile{"runtime.newobject": {ir: 40, ilMiss: 2, dlReadMiss: 4, dlWriteMiss: 1}}
	if len(p.below) != 1 || p.below["runtime.newobject"] != below["runtime.newobject"] {
		t.Errorf("below = %v, want %v", p.below, below)
	}
	// httpEnter's call of the benchmark's writer is the writer's work.
	passed := counts{ir: 6, ilMiss: 1, dlWriteMiss: 1}
	if w := p.passed["github.com/sqreen-go/sqreen/runtime/hooks.(*discardResponse).Write"]; len(p.passed) != 1 || w != passed {
		t.Errorf("passed = %v, want the writer's %+v", p.passed, passed)
	}
}

func TestParseCallsRejectsCountsWithoutCacheEvents(t *testing.T) {
	in := "events: Ir\nfl=(1) a.go\nfn=(1) x.F\ncfn=(2) github.com/sqreen-go/sqreen/x.G\ncalls=5 1\n1 5\n"
	if _, err := parseCalls(strings.NewReader(in), 1); err == nil || !strings.Contains(err.Error(), "ILmr") || !strings.Contains(err.Error(), "line 6") {
		t.Errorf("parseCalls without the cache simulation: err = %v, want one naming the missing ILmr event and line 6", err)
	}
}

func TestCodePagesCountsThePagesOfFunctionsRun(t *testing.T) {
	bin, err := os.Executable()
	if err != nil {
		t.Skip("no executable:", err)
	}
	fns := []any{codePages, pagesLine, parse, report}
	p := profile{"github.com/sqreen-go/sqreen/not.linked": {ir: 10}}
	want := map[uintptr]bool{}
	for _, f := range fns {
		fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
		p[fn.Name()] = counts{ir: 5}
		want[fn.Entry()/pageSize] = true
	}
	p["main.lines"] = counts{ir: 0.1} // did not run: not counted
	pages, found, err := codePages(bin, p)
	if err != nil {
		t.Fatal(err)
	}
	if found != len(fns) || pages != len(want) {
		t.Errorf("codePages = %d pages, %d functions found; want %d, %d", pages, found, len(want), len(fns))
	}
}
