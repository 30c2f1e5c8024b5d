package rules

import "strings"

// Evaluation of native plans (see native.go for their shapes).

// value returns the string an argument stands for.
func (a *narg) value(st *evalState) string {
	switch a.kind {
	case argConst:
		return a.s
	case argField:
		return st.field(a.f)
	case argCurrent:
		if st.cur >= 0 && st.cur < len(st.inputs) {
			return st.inputs[st.cur].Value
		}
		return ""
	case argTransform:
		s := a.inner.value(st)
		switch a.h {
		case hLower:
			return strings.ToLower(s)
		case hUpper:
			return strings.ToUpper(s)
		}
		return transform(a.h, s)
	}
	return ""
}

// eval evaluates the plan. It records evidence in st as helpers do.
func (n *nnode) eval(st *evalState) bool {
	switch n.op {
	case opTrue:
		return true
	case opFalse:
		return false
	case opAnd:
		return n.a.eval(st) && n.b.eval(st)
	case opOr:
		return n.a.eval(st) || n.b.eval(st)
	case opNot:
		return !n.a.eval(st)
	case opCall:
		if n.h == hCIDRMatch {
			st.charge()
			return cidrMatch(n.args[0].value(st), n.pfx)
		}
		var b string
		if len(n.args) > 1 {
			b = n.args[1].value(st)
		}
		return st.call(n.h, n.args[0].value(st), b)
	case opIntCompare:
		return n.evalInt(st)
	case opAnyInput:
		if n.pre != hNone && !st.mayMatchAny(n.pre, n.params) {
			return false
		}
		st.load()
		hit := st.hit
		for i := range st.inputs {
			if n.params && !st.inputs[i].IsParam() || n.pre != hNone && !st.mayMatch(n.pre, i) {
				continue
			}
			st.cur, st.hit = i, hit
			if n.a.eval(st) {
				v := st.inputs[i]
				st.record(v.Source(), v.Value, "")
				st.cur = -1
				return true
			}
		}
		st.cur, st.hit = -1, hit
		return false
	}
	s := n.args[0].value(st)
	var ok bool
	switch n.op {
	case opEq:
		ok = s == n.str
	case opNe:
		ok = s != n.str
	case opContains:
		ok = strings.Contains(s, n.str)
	case opStartsWith:
		ok = strings.HasPrefix(s, n.str)
	case opEndsWith:
		ok = strings.HasSuffix(s, n.str)
	case opIn:
		for _, c := range n.strs {
			if s == c {
				ok = true
				break
			}
		}
	case opMatches:
		st.charge()
		ok = n.re.MatchString(s)
	}
	if ok {
		st.record(n.args[0].source(st), s, opNames[n.op])
	}
	return ok
}

// opNames are the comparison operators as Evidence.Detail shows them.
var opNames = [...]string{opEq: "==", opNe: "!=", opIn: "in", opContains: "contains",
	opStartsWith: "startsWith", opEndsWith: "endsWith", opMatches: "matches"}

// source names where an argument's value comes from, for evidence: the
// input any_input is testing, or the field's expr path.
func (a *narg) source(st *evalState) string {
	switch a.kind {
	case argField:
		return fieldPaths[a.f]
	case argCurrent:
		if st.cur >= 0 && st.cur < len(st.inputs) {
			return st.inputs[st.cur].Source()
		}
	case argTransform:
		return a.inner.source(st)
	}
	return ""
}
