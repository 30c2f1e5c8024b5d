package rules

import (
	"unicode/utf8"

	"github.com/expr-lang/expr/ast"
)

// Integer comparisons in native plans: len(s) or response.status compared
// with an integer constant, e.g. `any_input(len(#) > 4096)` or
// `response.status >= 500`.

// intArg is an integer-valued argument.
type intArg struct {
	status bool // response.status; otherwise len(str)
	str    narg
}

func (a *intArg) value(st *evalState) int {
	if a.status {
		if st.in.Response == nil {
			return 0
		}
		return st.in.Response.Status
	}
	return utf8.RuneCountInString(a.str.value(st)) // expr's len counts runes
}

// planIntCompare plans `len(s) OP n` and `response.status OP n`.
func planIntCompare(n *ast.BinaryNode, inPred bool) (*nnode, bool) {
	switch n.Operator {
	case "==", "!=", "<", "<=", ">", ">=":
	default:
		return nil, false
	}
	c, ok := n.Right.(*ast.IntegerNode)
	if !ok {
		return nil, false
	}
	node := &nnode{op: opIntCompare, cmp: n.Operator, num: c.Value}
	switch l := n.Left.(type) {
	case *ast.BuiltinNode:
		if l.Name != "len" || len(l.Arguments) != 1 {
			return nil, false
		}
		s, ok := planArg(l.Arguments[0], inPred)
		if !ok {
			return nil, false
		}
		node.ia = intArg{str: s}
		return node, true
	case *ast.MemberNode:
		if p, ok := memberPath(l); ok && p == "response.status" {
			node.ia = intArg{status: true}
			return node, true
		}
	}
	return nil, false
}

// evalInt evaluates an opIntCompare node.
func (n *nnode) evalInt(st *evalState) bool {
	v := n.ia.value(st)
	switch n.cmp {
	case "==":
		return v == n.num
	case "!=":
		return v != n.num
	case "<":
		return v < n.num
	case "<=":
		return v <= n.num
	case ">":
		return v > n.num
	}
	return v >= n.num
}
