package playbook

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/sqreen-go/sqreen/platform/store"
)

// Aggregates are the functions a condition calls on its subject.
type Aggregates struct {
	Value         string           `expr:"value"`
	Attacks       func(string) int `expr:"attacks"`
	AuthFailures  func(string) int `expr:"auth_failures"`
	AuthSuccesses func(string) int `expr:"auth_successes"`
	NotFound      func(string) int `expr:"not_found"`
	Events        func(string) int `expr:"events"`
}

// Env is what a condition sees: only its subject is set.
type Env struct {
	IP       *Aggregates `expr:"ip"`
	User     *Aggregates `expr:"user"`
	Endpoint *Aggregates `expr:"endpoint"`
	App      *Aggregates `expr:"app"`
}

// metricOf maps the condition's function names to store metrics.
var metricOf = map[string]string{
	"attacks":        store.MetricAttacks,
	"auth_failures":  store.MetricAuthFailures,
	"auth_successes": store.MetricAuthSuccess,
	"not_found":      store.MetricNotFound,
	"events":         store.MetricEvents,
}

// use is one aggregate a condition reads.
type use struct {
	metric string
	window time.Duration
	text   string // the window as written
}

// Condition is a compiled playbook condition.
type Condition struct {
	subject string
	program *vm.Program
	uses    []use
	longest time.Duration
}

// ParseWindow reads "90s", "5m", "1h" or "7d".
func ParseWindow(s string) (time.Duration, error) {
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, perr := strconv.Atoi(days)
		d, err = time.Duration(n)*24*time.Hour, perr
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 || d > 90*24*time.Hour {
		return 0, fmt.Errorf("window %q: want a duration like 5m, 1h or 7d, at most 90d", s)
	}
	return d, nil
}

// Compile checks and compiles a condition for a subject.
func Compile(subject, condition string) (*Condition, error) {
	tree, err := parser.Parse(condition)
	if err != nil {
		return nil, err
	}
	c := &Condition{subject: subject}
	w := &walker{subject: subject, c: c}
	ast.Walk(&tree.Node, w)
	if w.err != nil {
		return nil, w.err
	}
	if len(c.uses) == 0 {
		return nil, fmt.Errorf("condition %q: uses no aggregate of %s (e.g. %s.attacks(\"5m\"))", condition, subject, subject)
	}
	c.program, err = expr.Compile(condition, expr.Env(Env{}), expr.AsBool())
	if err != nil {
		return nil, err
	}
	sort.Slice(c.uses, func(i, j int) bool { return c.uses[i].text+c.uses[i].metric < c.uses[j].text+c.uses[j].metric })
	return c, nil
}

// Check is Compile for the store's validation hook.
func Check(subject, condition string) error {
	_, err := Compile(subject, condition)
	return err
}

// walker collects the aggregates a condition uses and refuses other
// subjects and windows that are not constant, valid durations.
type walker struct {
	subject string
	c       *Condition
	err     error
}

func (w *walker) fail(n ast.Node, format string, args ...any) {
	if w.err == nil {
		loc := n.Location()
		w.err = fmt.Errorf("column %d: %s", loc.From+1, fmt.Sprintf(format, args...))
	}
}

func (w *walker) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if n.Value != w.subject {
			w.fail(n, "unknown name %q: a %s playbook can only use %s", n.Value, w.subject, w.subject)
		}
	case *ast.CallNode:
		m, ok := n.Callee.(*ast.MemberNode)
		if !ok {
			return
		}
		prop, ok := m.Property.(*ast.StringNode)
		if !ok {
			return
		}
		metric, ok := metricOf[prop.Value]
		if !ok {
			return // expr's checker reports unknown members
		}
		if !supports(w.subject, metric) {
			w.fail(n, "%s.%s is not counted (%s has %s)", w.subject, prop.Value, w.subject, strings.Join(store.AggregateMetrics(w.subject), ", "))
			return
		}
		if len(n.Arguments) != 1 {
			w.fail(n, "%s takes one window, like \"5m\"", prop.Value)
			return
		}
		arg, ok := n.Arguments[0].(*ast.StringNode)
		if !ok {
			w.fail(n, "the window of %s must be a constant string, like \"5m\"", prop.Value)
			return
		}
		d, err := ParseWindow(arg.Value)
		if err != nil {
			w.fail(arg, "%v", err)
			return
		}
		w.c.uses = append(w.c.uses, use{metric: metric, window: d, text: arg.Value})
		w.c.longest = max(w.c.longest, d)
	}
}

func supports(subject, metric string) bool {
	for _, m := range store.AggregateMetrics(subject) {
		if m == metric {
			return true
		}
	}
	return false
}

func runProgram(c *Condition, env Env) (any, error) { return expr.Run(c.program, env) }
