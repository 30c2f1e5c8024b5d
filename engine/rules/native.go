package rules

import (
	"net/netip"
	"regexp"

	"github.com/expr-lang/expr/ast"
)

// Native plans.
//
// expr's VM boxes every string it loads into an interface, which allocates,
// and calls helpers through []any. Most rules, and all the built-in ones,
// are small boolean combinations of helper calls and string tests on the
// environment's fields, so Compile also plans such conditions as a tree of
// nnode that evaluates directly on evalState, without allocating. The rule
// is still expr: it was parsed and type-checked by expr, and a condition
// outside the shapes below simply runs on expr's VM. Tests evaluate every
// built-in case both ways (withoutNative) and expect the same verdicts.
//
// Shapes: a && b, a || b, !a, true, false; helper calls; any_input(p),
// any_param(p);
// s == c, s != c, s in [c...], s contains c, s startsWith c, s endsWith c,
// s matches c, where s is a string field, # inside any_input, or a
// transform helper (or lower/upper) of one, and c a constant; len(s) or
// response.status compared with an integer constant.

type nop uint8

const (
	opTrue nop = iota + 1
	opFalse
	opAnd
	opOr
	opNot
	opCall
	opAnyInput
	opEq
	opNe
	opIn
	opContains
	opStartsWith
	opEndsWith
	opMatches
	opIntCompare // native_int.go
)

// nnode is one node of a native plan.
type nnode struct {
	op   nop
	a, b *nnode
	h    helperID
	args []narg // call arguments, or the string compared
	str  string
	strs []string
	re   *regexp.Regexp
	pfx  netip.Prefix // cidr_match
	// params restricts opAnyInput to parameters (any_param).
	params bool
	// pre is, for an opAnyInput whose predicate is one call of a helper
	// on # (any_param(is_sqli(#))), that helper: the pre-filter may skip
	// inputs, or the whole node, for it (see prefilter.go).
	pre helperID
	// opIntCompare: ia cmp num.
	ia  intArg
	cmp string
	num int
}

type argKind uint8

const (
	argConst argKind = iota + 1
	argField
	argCurrent // # in any_input
	argTransform
)

// narg is a string-valued argument.
type narg struct {
	kind  argKind
	s     string
	f     fieldID
	h     helperID // transform; hLower/hUpper are expr builtins
	inner *narg
}

// Builtin string functions of expr that plans support as transforms.
const (
	hLower helperID = 200 + iota
	hUpper
)

// planNative returns the plan of a checked expression, or nil when its
// shape is not supported.
func planNative(n ast.Node) *nnode {
	p, ok := plan(n, false)
	if !ok {
		return nil
	}
	return p
}

func plan(n ast.Node, inPred bool) (*nnode, bool) {
	switch n := n.(type) {
	case *ast.BoolNode:
		if n.Value {
			return &nnode{op: opTrue}, true
		}
		return &nnode{op: opFalse}, true
	case *ast.UnaryNode:
		if n.Operator != "!" && n.Operator != "not" {
			return nil, false
		}
		a, ok := plan(n.Node, inPred)
		return &nnode{op: opNot, a: a}, ok
	case *ast.BinaryNode:
		return planBinary(n, inPred)
	case *ast.CallNode:
		if inPred && isIterationWrapper(n) {
			// The optimizer may merge two iterations into one predicate
			// holding both wrappers.
			return plan(n.Arguments[2], inPred)
		}
		return planCall(n, inPred)
	case *ast.BuiltinNode:
		if n.Name != "any" || len(n.Arguments) != 2 || inPred {
			return nil, false
		}
		id, ok := n.Arguments[0].(*ast.IdentifierNode)
		if !ok || (id.Value != "__in" && id.Value != "__pa") {
			return nil, false
		}
		pred, ok := n.Arguments[1].(*ast.PredicateNode)
		if !ok {
			return nil, false
		}
		body := pred.Node
		if isIterationWrapper(body) {
			body = body.(*ast.CallNode).Arguments[2]
		}
		a, ok := plan(body, true)
		node := &nnode{op: opAnyInput, a: a, params: id.Value == "__pa"}
		if ok && a.op == opCall && len(a.args) == 1 && a.args[0].kind == argCurrent {
			node.pre = a.h
		}
		return node, ok
	}
	return nil, false
}

func planBinary(n *ast.BinaryNode, inPred bool) (*nnode, bool) {
	switch n.Operator {
	case "&&", "and", "||", "or":
		a, ok1 := plan(n.Left, inPred)
		b, ok2 := plan(n.Right, inPred)
		op := opAnd
		if n.Operator == "||" || n.Operator == "or" {
			op = opOr
		}
		return &nnode{op: op, a: a, b: b}, ok1 && ok2
	}
	if p, ok := planIntCompare(n, inPred); ok {
		return p, true
	}
	left, ok := planArg(n.Left, inPred)
	if !ok {
		return nil, false
	}
	node := &nnode{args: []narg{left}}
	switch n.Operator {
	case "==", "!=", "contains", "startsWith", "endsWith":
		c, ok := n.Right.(*ast.StringNode)
		if !ok {
			return nil, false
		}
		node.str = c.Value
		node.op = map[string]nop{"==": opEq, "!=": opNe, "contains": opContains,
			"startsWith": opStartsWith, "endsWith": opEndsWith}[n.Operator]
		return node, true
	case "in":
		node.op = opIn
		switch r := n.Right.(type) {
		case *ast.ArrayNode:
			for _, e := range r.Nodes {
				s, ok := e.(*ast.StringNode)
				if !ok {
					return nil, false
				}
				node.strs = append(node.strs, s.Value)
			}
			return node, true
		case *ast.ConstantNode:
			m, ok := r.Value.(map[string]struct{})
			if !ok {
				return nil, false
			}
			for s := range m {
				node.strs = append(node.strs, s)
			}
			return node, true
		}
	case "matches":
		node.op = opMatches
		switch r := n.Right.(type) {
		case *ast.StringNode:
			re, err := regexp.Compile(r.Value)
			if err != nil {
				return nil, false
			}
			node.re = re
			return node, true
		case *ast.ConstantNode:
			re, ok := r.Value.(*regexp.Regexp)
			node.re = re
			return node, ok
		}
	}
	return nil, false
}

func planCall(n *ast.CallNode, inPred bool) (*nnode, bool) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return nil, false
	}
	h, ok := helperByName(id.Value)
	if !ok || h.transform {
		return nil, false
	}
	args := n.Arguments
	if h.stateful {
		args = args[1:] // __state
	}
	node := &nnode{op: opCall, h: h.id}
	for _, a := range args {
		p, ok := planArg(a, inPred)
		if !ok {
			return nil, false
		}
		node.args = append(node.args, p)
	}
	if len(node.args) != len(h.params) {
		return nil, false
	}
	if h.id == hCIDRMatch {
		pfx, err := netip.ParsePrefix(node.args[1].s)
		if err != nil || node.args[1].kind != argConst {
			return nil, false
		}
		node.pfx = pfx
	}
	return node, true
}

func planArg(n ast.Node, inPred bool) (narg, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return narg{kind: argConst, s: n.Value}, true
	case *ast.PointerNode:
		return narg{kind: argCurrent}, inPred && n.Name == ""
	case *ast.MemberNode:
		path, ok := memberPath(n)
		if !ok {
			return narg{}, false
		}
		f := fieldByPath(path)
		return narg{kind: argField, f: f}, f != fNone
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok || len(n.Arguments) != 1 {
			return narg{}, false
		}
		h, ok := helperByName(id.Value)
		if !ok || !h.transform {
			return narg{}, false
		}
		inner, ok := planArg(n.Arguments[0], inPred)
		return narg{kind: argTransform, h: h.id, inner: &inner}, ok
	case *ast.BuiltinNode:
		if len(n.Arguments) != 1 || (n.Name != "lower" && n.Name != "upper") {
			return narg{}, false
		}
		inner, ok := planArg(n.Arguments[0], inPred)
		h := hLower
		if n.Name == "upper" {
			h = hUpper
		}
		return narg{kind: argTransform, h: h, inner: &inner}, ok
	}
	return narg{}, false
}

// memberPath returns "a.b" for the member chain a.b, with plain names only.
func memberPath(n *ast.MemberNode) (string, bool) {
	if n.Optional || n.Method {
		return "", false
	}
	prop, ok := n.Property.(*ast.StringNode)
	if !ok {
		return "", false
	}
	switch base := n.Node.(type) {
	case *ast.IdentifierNode:
		return base.Value + "." + prop.Value, true
	case *ast.MemberNode:
		p, ok := memberPath(base)
		return p + "." + prop.Value, ok
	}
	return "", false
}
