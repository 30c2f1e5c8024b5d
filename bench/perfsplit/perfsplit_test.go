package perfsplit

import (
	"strings"
	"testing"
)

// script is perf script output in the form Parse reads: two processes,
// one sample per case the classification distinguishes.
const script = `  100     1000 
	          4a1000 github.com/sqreen-go/sqreen/engine/rules.(*Set).Eval
	          4a2000 github.com/sqreen-go/sqreen/runtime/internal/agent.(*Agent).check
	          4a3000 net/http.(*conn).serve

  100     2000 
	          4b1000 runtime.mallocgc
	          4b2000 strings.(*Builder).grow
	          4b3000 github.com/sqreen-go/sqreen/runtime/internal/reqctx.(*Request).Init+0x3f (/tmp/app)
	          4b4000 net/http.(*conn).serve

  100     4000 
	ffffffff8225fd19 pvm_irq_enable
	ffffffff8225a695 do_syscall_64
	          4c1000 internal/runtime/syscall/linux.Syscall6
	          4c2000 net/http.(*response).Write
	          4c3000 github.com/sqreen-go/sqreen/runtime/internal/respond.(*Writer).Write

  100     8000 
	          4d1000 runtime.scanObject
	          4d2000 runtime.gcDrain
	          4d3000 runtime.gcBgMarkWorker

  100    16000 
	ffffffff8226d89e do_nanosleep
	          4e1000 runtime.usleep.abi0
	          4e2000 runtime.sysmon

  100    32000 
	          4f1000 text/template.(*state).walk
	          4f2000 main.(*bookHandler).ServeHTTP

  100    64000 
	          4f3000 runtime.makechan
	          4f4000 context.(*cancelCtx).Done
	          4f5000 github.com/sqreen-go/sqreen/runtime/internal/reqctx.(*reqContext).Done
	          4f6000 database/sql.(*DB).conn

  200      500 
	          4f1000 modernc.org/sqlite/lib._sqlite3VdbeExec
`

func TestParseSplitsByCategory(t *testing.T) {
	ps, err := Parse(strings.NewReader(script))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 {
		t.Fatalf("got %d processes, want 2", len(ps))
	}
	p := ps[100]
	if p.Samples != 7 || p.Total != 127000 {
		t.Errorf("pid 100: %d samples, total %d; want 7, 127000", p.Samples, p.Total)
	}
	want := [NumCategories]int64{
		Sqreen:    1000 + 2000, // a sqreen leaf; a runtime leaf under sqreen's Init
		GC:        8000,
		Scheduler: 16000,
		Kernel:    4000,          // the kernel under net/http's write: not sqreen's, though sqreen's writer is above it
		App:       32000 + 64000, // the app's template; database/sql's Done through the request context's forwarder
	}
	if p.By != want {
		t.Errorf("pid 100 by category:\n got %v\nwant %v", p.By, want)
	}
	if got := p.Sqreen["github.com/sqreen-go/sqreen/runtime/internal/reqctx.(*Request).Init"]; got != 2000 {
		t.Errorf("Init's sqreen time %d, want 2000 (its offset and dso stripped from the symbol)", got)
	}
	if q := ps[200]; q.Total != 500 || q.By[App] != 500 {
		t.Errorf("pid 200: total %d, app %d; want 500, 500", q.Total, q.By[App])
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\t 4a1000 main.main\n", "line 1: a frame before any sample header"},
		{"100 1000\n\t 4a1000 main.main\n\nabc 10\n", `line 4: pid "abc"`},
		{"100\n", "line 1: want a sample header"},
		{"100 x\n", `line 1: period "x"`},
	} {
		_, err := Parse(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestPackageOf(t *testing.T) {
	for sym, want := range map[string]string{
		"net/http.(*conn).serve":              "net/http",
		"strings.Index":                       "strings",
		"github.com/a/b.(*T).M":               "github.com/a/b",
		"go.yaml.in/yaml/v3.(*parser).scalar": "go.yaml.in/yaml/v3",
		"aeshashbody":                         "aeshashbody",
	} {
		if got := packageOf(sym); got != want {
			t.Errorf("packageOf(%q) = %q, want %q", sym, got, want)
		}
	}
}
