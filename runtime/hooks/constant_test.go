package hooks

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/gls"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// markConstant makes the hooks see the given strings as constants of the
// program, as gls.Constant does in an instrumented build, until the test
// ends: it marks the memory from the lowest of their bytes to the highest
// as the program's read-only data. Like gls.Constant, it goes by memory,
// not by text: a string with the same text built at run time
// (strings.Clone, on the heap, far from the test binary's literals) is
// not one of them.
func markConstant(t *testing.T, consts ...string) {
	t.Helper()
	var lo, hi uintptr
	for i, c := range consts {
		p := uintptr(unsafe.Pointer(unsafe.StringData(c)))
		if i == 0 || p < lo {
			lo = p
		}
		if p+uintptr(len(c)) > hi {
			hi = p + uintptr(len(c))
		}
	}
	t.Cleanup(gls.MarkReadOnly(lo, hi))
}

// A sink written in the program is not checked: not even when a request
// input equals a piece of it, which Eval would flag (see
// rules.TestConstantSinkUnmatchedSparesACoincidence). The same text built
// at run time is checked, and blocked; a request already blocked still
// gets its error from a constant sink.
func TestConstantSinksLeaveInputRulesUnrun(t *testing.T) {
	const (
		query   = "SELECT * FROM users WHERE name = 'x' OR 'a'='a'"
		command = "ping -c 1 example.com; cat /etc/passwd"
		path    = "/var/www/app/uploads/../../../etc/passwd"
	)
	markConstant(t, query, "sh", "-c", command, path)
	a := newTestAgent(t, false)
	target := "/p?name=" + url.QueryEscape("x' OR 'a'='a") + "&host=" + url.QueryEscape("example.com; cat /etc/passwd") +
		"&f=" + url.QueryEscape("../../../etc/passwd")
	r, req, _, end := inFlight(t, a, target)
	defer end()
	ctx := r.Context()
	if err := SQL(ctx, &pqDriver{}, query); err != nil {
		t.Errorf("constant query: %v", err)
	}
	if err := SQLDialect(ctx, "mysql", query); err != nil {
		t.Errorf("constant query, dialect given: %v", err)
	}
	if err := execCheck(a, req, "/bin/sh", []string{"sh", "-c", command}); err != nil {
		t.Errorf("constant command: %v", err)
	}
	if err := fileCheck(a, req, "open", path, os.O_RDONLY); err != nil {
		t.Errorf("constant path: %v", err)
	}
	if ev := eventsAt(a, "sql"); len(ev) != 0 {
		t.Errorf("events for constant sinks: %+v", ev)
	}
	// Counted apart: not checks, not evaluations of the rules.
	m := a.MetricsSnapshot(false)
	if got := m.Counters[agent.CounterConstantSinks]; got != 4 {
		t.Errorf("%s = %d, want 4", agent.CounterConstantSinks, got)
	}
	if got := m.Hooks["sql"].Count; got != 0 {
		t.Errorf("sql checks timed: %d, want none", got)
	}
	built := "SELECT * FROM users WHERE name = '" + req.Query().Get("name") + "'"
	if built != query {
		t.Fatalf("built %q, want the constant's text", built)
	}
	if err := SQL(ctx, &pqDriver{}, strings.Clone(query)); !errors.Is(err, reqctx.ErrBlocked) {
		t.Fatalf("the same query built from the input: %v, want blocked", err)
	}
	if err := SQL(ctx, &pqDriver{}, query); !errors.Is(err, reqctx.ErrBlocked) {
		t.Errorf("constant query of a blocked request: %v, want its block error", err)
	}
}

// A sink partly written at run time is checked: one argument of a
// process start that is not a constant is enough.
func TestConstantArgs(t *testing.T) {
	markConstant(t, "sh", "-c", "ls")
	for _, tc := range []struct {
		argv []string
		want bool
	}{
		{[]string{"sh", "-c", "ls"}, true},
		{[]string{"sh", "-c", "ls " + os.Args[0]}, false},
		{[]string{"sh", "-c", strings.Clone("dynamic")}, false},
		{nil, false},
	} {
		if got := constantArgs(tc.argv); got != tc.want {
			t.Errorf("constantArgs(%q) = %v, want %v", tc.argv, got, tc.want)
		}
	}
}

// A rule on the sink's text itself (a policy, not a detector of inputs)
// can match a constant: with one in force, constant queries are checked
// as any other, and its match blocks them. The agent finds that when the
// rules are put in force (agent.SetRules).
func TestConstantSinksCheckedUnderAPolicyRule(t *testing.T) {
	const query = "DROP TABLE sessions"
	markConstant(t, query)
	a := newTestAgent(t, false)
	set, errs := rules.Compile([]rules.Rule{{ID: "no-drop", Hook: rules.SQL, Condition: `sql.query contains "DROP TABLE"`, Action: rules.Block}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a.SetRules(set, "policy")
	r, _, _, end := inFlight(t, a, "/p?id=7")
	defer end()
	if err := SQL(r.Context(), &pqDriver{}, query); !errors.Is(err, reqctx.ErrBlocked) {
		t.Errorf("constant query under a policy on its text: %v, want blocked", err)
	}
	if got := a.MetricsSnapshot(false).Counters[agent.CounterConstantSinks]; got != 0 {
		t.Errorf("%s = %d, want 0", agent.CounterConstantSinks, got)
	}
}
