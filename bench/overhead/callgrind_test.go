package main

import (
	"strings"
	"testing"
)

// A profile in callgrind's format, names compressed after first use, a
// recursive call, an inlined file, and calls whose inclusive costs are
// the callees' own.
const testProfile = `# callgrind format
version: 1
positions: line
events: Ir Dr

ob=(1) app
fl=(1) /goroot/src/runtime/mgcmark.go
fn=(1) runtime.scanobject
10 100 5
+1 20
fl=(2) /src/sqreen/runtime/internal/respond/writer.go
fn=(2) github.com/sqreen-go/sqreen/runtime/internal/respond.(*Writer).Write
240 30 2
fi=(3) /src/sqreen/runtime/internal/respond/flags.go
94 5
fe=(2)
cfl=(4) /goroot/src/runtime/memmove_amd64.s
cfn=(3) runtime.memmove
calls=4 10
* 400 9
fl=(4)
fn=(3)
10 40
fl=(5) /goroot/src/text/template/exec.go
fn=(4) text/template.(*state).walk
5 7
cfn=(5) text/template.(*state).walk'2
calls=1 5
* 1000
fn=(5)
5 3
cfl=(6) /goroot/src/runtime/mgc.go
cfn=(6) runtime.gcStart
calls=3 100
* 5000
fl=(6)
fn=(6)
100 11
cfn=(7) runtime.gcMarkTermination
calls=2 200
* 7000
fn=(7)
200 13
`

func TestParseCallgrind(t *testing.T) {
	p, err := parseCallgrind(strings.NewReader(testProfile))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		"runtime.scanobject": 120,
		"github.com/sqreen-go/sqreen/runtime/internal/respond.(*Writer).Write": 35, // its own lines and the inlined one, not memmove's 400
		"runtime.memmove":             40,
		"text/template.(*state).walk": 10, // both depths
		"runtime.gcStart":             11,
		"runtime.gcMarkTermination":   13,
	}
	for fn, n := range want {
		if p.self[fn] != n {
			t.Errorf("self[%s] = %d, want %d", fn, p.self[fn], n)
		}
	}
	if len(p.self) != len(want) {
		t.Errorf("functions %v, want %d", p.self, len(want))
	}
	if p.gcCycles != 2 {
		t.Errorf("gcCycles = %d, want 2", p.gcCycles)
	}
	if f := p.file["runtime.gcMarkTermination"]; f != "/goroot/src/runtime/mgc.go" {
		t.Errorf("file of runtime.gcMarkTermination = %q", f)
	}
	if f := p.file["runtime.memmove"]; f != "/goroot/src/runtime/memmove_amd64.s" {
		t.Errorf("file of runtime.memmove = %q", f)
	}
}

func TestParseCallgrindWantsIr(t *testing.T) {
	_, err := parseCallgrind(strings.NewReader("events: Dr Ir\nfn=(1) f\n1 2 3\n"))
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("err = %v, want one naming line 1", err)
	}
	_, err = parseCallgrind(strings.NewReader("events: Ir\nfn=(1) f\n1 x\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err = %v, want one naming line 3", err)
	}
}

func TestInstrGroup(t *testing.T) {
	for _, c := range []struct{ fn, file, want string }{
		{"github.com/sqreen-go/sqreen/runtime/internal/agent.(*Agent).enter", "/x/agent/request.go", "sqreen code"},
		{"net/http.__sqreen_http_enter_v3", "/goroot/src/net/http/server.go", "sqreen code"},
		{"runtime.scanobject", "/goroot/src/runtime/mgcmark.go", "GC (marking, sweeping, write barriers)"},
		{"runtime.tryDeferToSpanScan", "/goroot/src/runtime/mgcmark_greenteagc.go", "GC (marking, sweeping, write barriers)"},
		{"internal/runtime/gc/scan.scanSpanPackedAVX512.abi0", "/goroot/src/internal/runtime/gc/scan/scan_amd64.s", "GC (marking, sweeping, write barriers)"},
		{"gcWriteBarrier", "/goroot/src/runtime/asm_amd64.s", "GC (marking, sweeping, write barriers)"},
		{"runtime.mallocgc", "/goroot/src/runtime/malloc.go", "Go runtime (allocation, scheduler, maps)"},
		{"net/http.(*response).write", "/goroot/src/net/http/server.go", "net/http, bufio, context"},
		{"modernc.org/sqlite/lib._sqlite3VdbeExec", "/m/sqlite/lib/sqlite.go", "app and libraries"},
	} {
		if got := instrGroup(c.fn, c.file); got != c.want {
			t.Errorf("instrGroup(%s) = %q, want %q", c.fn, got, c.want)
		}
	}
}
