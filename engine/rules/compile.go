package rules

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync/atomic"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// Compile compiles the enabled rules of rs into a Set. A rule that does not
// compile is left out and reported as an *Error naming its file, id, line
// and column; the other rules are in the Set. Disabled rules are left out
// silently. Duplicate ids are errors (the first one wins).
func Compile(rs []Rule, opts ...Option) (*Set, []error) {
	cfg := newConfig(opts)
	s := &Set{cfg: cfg}
	var errs []error
	base := []expr.Option{
		expr.AsBool(),
		expr.MaxNodes(cfg.maxNodes),
		expr.Patch(statePatcher{}),
	}
	base = append(base, helperOptions()...)
	seen := make(map[string]bool, len(rs))
	for i := range rs {
		r := rs[i]
		if r.Disabled {
			continue
		}
		if err := validateRule(&r); err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[r.ID] {
			errs = append(errs, ruleError(&r, r.Pos, "duplicate rule id", nil))
			continue
		}
		c, err := compileRule(&r, base, cfg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		seen[r.ID] = true
		s.add(c)
	}
	s.finish()
	return s, errs
}

// validateRule checks the fields Parse checks, for rules built in code.
func validateRule(r *Rule) error {
	switch {
	case !validID(r.ID):
		return ruleError(r, r.Pos, fmt.Sprintf("invalid id %q (want lower-case letters, digits, '-', '_', '.')", r.ID), nil)
	case !r.Hook.Valid():
		return ruleError(r, r.Pos, fmt.Sprintf("unknown hook %q", r.Hook), nil)
	case r.Action != "" && !r.Action.Valid():
		return ruleError(r, r.Pos, fmt.Sprintf("unknown action %q (want block or monitor)", r.Action), nil)
	case r.Severity != "" && !validSeverity(r.Severity):
		return ruleError(r, r.Pos, fmt.Sprintf("unknown severity %q", r.Severity), nil)
	case r.Condition == "":
		return ruleError(r, r.Pos, "empty condition", nil)
	}
	return nil
}

func ruleError(r *Rule, p Position, msg string, err error) *Error {
	file := p.File
	if file == "" {
		file = r.Pos.File
	}
	return &Error{File: file, Line: p.Line, Col: p.Col, RuleID: r.ID, Msg: msg, Err: err}
}

// compileRule type-checks and compiles one rule, and plans its native
// evaluation when its shape allows. Rules come from the platform at run
// time, so a panic anywhere in compiling one (expr included) rejects that
// rule instead of crashing the application.
func compileRule(r *Rule, base []expr.Option, cfg config) (c *compiled, err error) {
	defer func() {
		if v := recover(); v != nil {
			c, err = nil, ruleError(r, r.ConditionPos, fmt.Sprintf("internal error compiling the condition: %v", v), nil)
		}
	}()
	src, ferr := rewriteAnyInput(r.Condition)
	if ferr != nil {
		return nil, conditionError(r, ferr)
	}
	opts := append([]expr.Option{expr.Env(newEnv(r.Hook, nil))}, base...)
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			return nil, conditionError(r, fe)
		}
		return nil, ruleError(r, r.ConditionPos, err.Error(), err)
	}
	if fe := checkConstants(prog.Node()); fe != nil {
		return nil, conditionError(r, fe)
	}
	c = &compiled{rule: *r, program: prog, memoryBudget: cfg.memoryBudget}
	if c.rule.Name == "" {
		c.rule.Name = c.rule.ID
	}
	if c.rule.Action == "" {
		c.rule.Action = Monitor
	}
	if c.rule.Severity == "" {
		c.rule.Severity = "medium"
	}
	if !cfg.noNative {
		c.native = planNative(prog.Node())
	}
	c.gate = sinkGate(c.native)
	if c.rule.Hook == RequestHook {
		c.request = requestGateOf(c.native, &cfg.detectors)
		if c.request == requestParams {
			c.pre = c.native.pre
		}
	}
	if c.native != nil {
		// The plan is all that runs: the program (bytecode, constants
		// and the checked tree) would be heap the GC marks in every
		// cycle of the app, for nothing.
		c.program = nil
	}
	if c.native == nil {
		c.reads = requestReads(prog.Node())
	}
	if c.native == nil && src != r.Condition {
		// The condition iterates inputs and runs on expr's VM: compile it
		// again with its predicates wrapped so that they record evidence.
		// The first compile, unwrapped, did the type checking: expr's
		// checker does not report every error inside a patched predicate.
		c.program, err = expr.Compile(src, append(opts, expr.Patch(iterationPatcher{}))...)
		if err != nil {
			return nil, ruleError(r, r.ConditionPos, "internal error wrapping any_input: "+err.Error(), err)
		}
	}
	return c, nil
}

// iterationPatcher applies wrapIteration.
type iterationPatcher struct{}

func (iterationPatcher) Visit(node *ast.Node) {
	if b, ok := (*node).(*ast.BuiltinNode); ok {
		wrapIteration(b)
	}
}

// conditionError places expr's error (line from 1, column from 0, both in
// the condition's text) in the rule file.
func conditionError(r *Rule, fe *file.Error) *Error {
	line, col := fe.Line, fe.Column
	if line == 0 {
		// Not bound to the source yet: count from the rune offset.
		line, col = 1, 0
		for i, c := range []rune(r.Condition) {
			if i == fe.From {
				break
			}
			if c == '\n' {
				line, col = line+1, 0
			} else {
				col++
			}
		}
	}
	p := r.ConditionPos
	if p.Line == 0 {
		// A rule built in code: positions are in the condition itself.
		return ruleError(r, Position{File: p.File, Line: line, Col: col + 1}, strings.TrimSpace(fe.Message), fe)
	}
	pos := Position{File: p.File, Line: p.Line + line - 1, Col: p.Col + col}
	if line > 1 && !r.conditionBlock {
		pos.Col = col + 1 // a multi-line flow scalar: best effort
	}
	return ruleError(r, pos, strings.TrimSpace(fe.Message), fe)
}

// statePatcher gives every stateful helper call the evaluation state as
// its first argument, before type checking: `is_sqli(x)` becomes
// `is_sqli(__state, x)`.
type statePatcher struct{}

func (statePatcher) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	h, ok := helperByName(id.Value)
	if !ok || !h.stateful {
		return
	}
	if len(call.Arguments) > 0 {
		if a, ok := call.Arguments[0].(*ast.IdentifierNode); ok && a.Value == "__state" {
			return
		}
	}
	st := &ast.IdentifierNode{Value: "__state"}
	st.SetLocation(call.Location())
	call.Arguments = append([]ast.Node{st}, call.Arguments...)
}

// wrapIteration makes any_input and any_param record their evidence on
// expr's VM: the predicate P of `any(__in, P)` becomes
// `any_input(__state, #, P)`, a function that returns P and, when P holds,
// records which input # is. Native plans unwrap it (see plan).
func wrapIteration(b *ast.BuiltinNode) {
	if b.Name != "any" || len(b.Arguments) != 2 {
		return
	}
	list, ok := b.Arguments[0].(*ast.IdentifierNode)
	if !ok {
		return
	}
	name := ""
	for _, it := range iterators {
		if strings.HasPrefix(it.expr, "any("+list.Value+",") {
			name = it.name
		}
	}
	pred, ok := b.Arguments[1].(*ast.PredicateNode)
	if name == "" || !ok || isIterationWrapper(pred.Node) {
		return
	}
	loc := pred.Node.Location()
	st := &ast.IdentifierNode{Value: "__state"}
	cur := &ast.PointerNode{}
	callee := &ast.IdentifierNode{Value: name}
	for _, n := range []ast.Node{st, cur, callee} {
		n.SetLocation(loc)
	}
	call := &ast.CallNode{Callee: callee, Arguments: []ast.Node{st, cur, pred.Node}}
	call.SetLocation(loc)
	pred.Node = call
}

// isIterationWrapper reports whether n is the call wrapIteration adds.
func isIterationWrapper(n ast.Node) bool {
	c, ok := n.(*ast.CallNode)
	if !ok || len(c.Arguments) != 3 {
		return false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	if !ok {
		return false
	}
	for _, it := range iterators {
		if id.Value == it.name {
			return true
		}
	}
	return false
}

// checkConstants enforces what the checker cannot: the arguments that must
// be constants are, and hold valid values (a regex for `matches`, a
// network for cidr_match), so that nothing is compiled per evaluation.
func checkConstants(root ast.Node) *file.Error {
	var ferr *file.Error
	v := constChecker{err: &ferr}
	ast.Walk(&root, v)
	return ferr
}

type constChecker struct{ err **file.Error }

func (v constChecker) Visit(node *ast.Node) {
	if *v.err != nil {
		return
	}
	fail := func(n ast.Node, msg string) {
		*v.err = &file.Error{Location: startOf(n).Location(), Message: msg}
	}
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		if n.Operator == "matches" {
			if _, ok := n.Right.(*ast.StringNode); !ok {
				if _, ok := n.Right.(*ast.ConstantNode); !ok {
					fail(n.Right, "the pattern of matches must be a string constant (regexes are compiled once, at load)")
				}
			}
		}
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			return
		}
		h, ok := helperByName(id.Value)
		if !ok || h.constArg < 0 {
			return
		}
		i := h.constArg
		if h.stateful {
			i++
		}
		if i >= len(n.Arguments) {
			return
		}
		s, ok := n.Arguments[i].(*ast.StringNode)
		if !ok {
			fail(n.Arguments[i], fmt.Sprintf("argument %s of %s must be a string constant", h.params[h.constArg], h.name))
			return
		}
		if h.id == hCIDRMatch {
			if _, err := netip.ParsePrefix(s.Value); err != nil {
				fail(n.Arguments[i], fmt.Sprintf("invalid network %q for cidr_match: %v", s.Value, err))
			}
		}
	}
}

// compiled is one rule ready to run, with its counters.
type compiled struct {
	// What every evaluation and pre-check reads of a rule first, in the
	// struct's first cache line: a request's checks run with cold caches,
	// and these fields came after the rule's text and the counters'
	// stripes, two lines apart (see bench/footprint).
	native *nnode // nil: run program with expr's VM
	// gate is the context-aware helper the native plan is a lone call of
	// (the built-in RASP rules are), or hNone (see Set.Unmatched).
	gate helperID
	// request is how Set.Unmatched decides a request rule without
	// running it (see requestUnmatched), and pre, for requestParams, the
	// pre-filtered helper of its signature (its plan's pre, copied here:
	// one line fewer to read per rule and request).
	request requestGate
	pre     helperID
	// disabled is set once the rule failed too often (see sandbox.go).
	disabled atomic.Bool
	// decidedCut is 1 + the count of its hook's pre-checks when the
	// rule was disabled (0 before; see Set.decidedFor).
	decidedCut atomic.Int64

	rule         Rule
	program      *vm.Program
	memoryBudget uint
	stats        ruleCounters
	// reads are the request fields the condition reads, for a rule run on
	// expr's VM: what a match records as evidence when nothing else did.
	reads []requestRead
}

// readsField reports whether the plan n reads the field f anywhere.
func readsField(n *nnode, f fieldID) bool {
	if n == nil {
		return false
	}
	reads := func(a *narg) bool {
		for ; a != nil; a = a.inner {
			if a.kind == argField && a.f == f {
				return true
			}
		}
		return false
	}
	for i := range n.args {
		if reads(&n.args[i]) {
			return true
		}
	}
	return reads(&n.ia.str) || readsField(n.a, f) || readsField(n.b, f)
}

// sinkGate returns the context-aware helper that the plan n is a lone
// call of, on a field or a constant, or hNone: such a rule matches only
// when its detector flags an input that sinkCandidate lets through.
func sinkGate(n *nnode) helperID {
	if n == nil || n.op != opCall || len(n.args) == 0 {
		return hNone
	}
	if k := n.args[0].kind; k != argField && k != argConst {
		return hNone
	}
	switch n.h {
	case hSQLInjection, hShellInjection, hPathTraversal, hSSRF, hTemplateXSS:
		return n.h
	}
	return hNone
}

// requestGate is how a request rule can be decided without running it.
type requestGate uint8

const (
	// requestRun: only by running it.
	requestRun requestGate = iota
	// requestParams: a signature of the parameters, any_param(h(#)) with
	// a helper h the pre-filter knows: no match when no parameter is a
	// candidate for h (Request.rawCandidates).
	requestParams
	// requestUserAgent: a condition on the User-Agent alone, with the
	// engine's own helpers: a pure function of the User-Agent, whose
	// verdict Set keeps per User-Agent (Set.userAgentClean).
	requestUserAgent
)

// requestGateOf classifies the native plan n of a request rule, with the
// detectors det.
func requestGateOf(n *nnode, det *Detectors) requestGate {
	switch {
	case n == nil:
		return requestRun
	case n.op == opAnyInput && n.params && n.pre != hNone && det.pre.has(n.pre):
		return requestParams
	case userAgentOnly(n, det):
		return requestUserAgent
	}
	return requestRun
}

// userAgentOnly reports whether the plan n reads no field but
// request.user_agent and calls only helpers whose verdict depends on
// their arguments alone: the engine's own signatures (a detector
// replaced through WithDetectors may keep state) and cidr_match. Inputs
// (any_input, the context-aware helpers) and integer comparisons are
// left out.
func userAgentOnly(n *nnode, det *Detectors) bool {
	args := func() bool {
		for i := range n.args {
			for a := &n.args[i]; a != nil; a = a.inner {
				switch a.kind {
				case argConst, argTransform:
				case argField:
					if a.f != fUserAgent {
						return false
					}
				default:
					return false
				}
			}
		}
		return true
	}
	switch n.op {
	case opTrue, opFalse:
		return true
	case opAnd, opOr:
		return userAgentOnly(n.a, det) && userAgentOnly(n.b, det)
	case opNot:
		return userAgentOnly(n.a, det)
	case opCall:
		own := n.h == hCIDRMatch || (n.h == hIsScanner && det.cheap.has(hIsScanner)) ||
			((n.h == hIsSQLi || n.h == hIsXSS) && det.pre.has(n.h))
		return own && args()
	case opEq, opNe, opContains, opStartsWith, opEndsWith, opIn, opMatches:
		return args()
	}
	return false
}

// startOf returns the leftmost node of a member chain: expr locates
// `a.b.c` at its last property, messages read better at its start.
func startOf(n ast.Node) ast.Node {
	for {
		m, ok := n.(*ast.MemberNode)
		if !ok {
			return n
		}
		n = m.Node
	}
}
