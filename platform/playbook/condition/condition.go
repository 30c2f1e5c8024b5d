package condition

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
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

// metrics lists, per subject, the aggregates a condition may call; the
// names are those of the store's aggregates (a test in package playbook
// keeps the two tables equal).
var metrics = map[string][]string{
	"ip":       {"attacks", "auth_failures", "auth_successes", "events", "not_found"},
	"user":     {"attacks", "auth_failures", "auth_successes", "events"},
	"endpoint": {"attacks", "events"},
	"app":      {"attacks", "auth_failures", "events", "not_found"},
}

// Metrics returns the aggregates a subject supports.
func Metrics(subject string) []string { return append([]string(nil), metrics[subject]...) }

// Use is one aggregate a condition reads.
type Use struct {
	Metric string
	Window time.Duration
	Text   string // the window as written
}

// Condition is a compiled playbook condition.
type Condition struct {
	subject string
	program *vm.Program
	uses    []Use
	longest time.Duration
}

// Subject returns the subject the condition was compiled for.
func (c *Condition) Subject() string { return c.subject }

// Uses lists the aggregates the condition reads, sorted.
func (c *Condition) Uses() []Use { return c.uses }

// Longest is the longest window the condition reads.
func (c *Condition) Longest() time.Duration { return c.longest }

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
	if _, ok := metrics[subject]; !ok {
		return nil, fmt.Errorf("subject %q: want ip, user, endpoint or app", subject)
	}
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
	sort.Slice(c.uses, func(i, j int) bool { return c.uses[i].Text+c.uses[i].Metric < c.uses[j].Text+c.uses[j].Metric })
	return c, nil
}

// Check is Compile for the store's validation hook (store.PlaybookChecker).
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
		metric := prop.Value
		if !known(metric) {
			return // expr's checker reports unknown members
		}
		if !slices.Contains(metrics[w.subject], metric) {
			w.fail(n, "%s.%s is not counted (%s has %s)", w.subject, metric, w.subject, strings.Join(metrics[w.subject], ", "))
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
		w.c.uses = append(w.c.uses, Use{Metric: metric, Window: d, Text: arg.Value})
		w.c.longest = max(w.c.longest, d)
	}
}

func known(metric string) bool { return slices.Contains(metrics["ip"], metric) }

// Eval runs the condition on an environment.
func (c *Condition) Eval(env Env) (bool, error) {
	out, err := expr.Run(c.program, env)
	if err != nil {
		return false, err
	}
	b, _ := out.(bool)
	return b, nil
}
