package rules

import "github.com/expr-lang/expr/ast"

// requestRead is a request field a condition reads: its expr name
// ("path") and, for a map indexed with a constant (request.query["q"]),
// the key.
type requestRead struct{ field, key string }

// requestReads lists the request fields a condition reads, in the order of
// its text, once each: the evidence of a match on expr's VM when nothing
// recorded any (see evalState.recordReads). A native plan records its own
// as it compares.
func requestReads(root ast.Node) []requestRead {
	v := &readsVisitor{}
	ast.Walk(&root, v)
	return v.reads
}

type readsVisitor struct{ reads []requestRead }

// Visit sees the tree's nodes children first: request.query is seen
// before request.query["q"], which then replaces it.
func (v *readsVisitor) Visit(node *ast.Node) {
	m, ok := (*node).(*ast.MemberNode)
	if !ok {
		return
	}
	prop, ok := m.Property.(*ast.StringNode)
	if !ok {
		return
	}
	if isRequestIdent(m.Node) {
		v.add(requestRead{field: prop.Value})
		return
	}
	inner, ok := m.Node.(*ast.MemberNode)
	if !ok || !isRequestIdent(inner.Node) {
		return
	}
	field, ok := inner.Property.(*ast.StringNode)
	if !ok || inputKind(field.Value) == "" {
		return
	}
	if n := len(v.reads); n > 0 && v.reads[n-1] == (requestRead{field: field.Value}) {
		v.reads = v.reads[:n-1]
	}
	v.add(requestRead{field: field.Value, key: prop.Value})
}

func (v *readsVisitor) add(r requestRead) {
	for _, seen := range v.reads {
		if seen == r {
			return
		}
	}
	v.reads = append(v.reads, r)
}

func isRequestIdent(n ast.Node) bool {
	id, ok := n.(*ast.IdentifierNode)
	return ok && id.Value == "request"
}

// inputKind returns the kind of input (InputValue.Kind) the request map
// field holds, or "" for a field that is no such map.
func inputKind(field string) string {
	switch field {
	case "query":
		return "query"
	case "form":
		return "form"
	case "headers":
		return "header"
	case "cookies":
		return "cookie"
	case "params":
		return "path"
	}
	return ""
}

// DetailRead is the Detail of evidence that names a request field the
// condition read (see recordReads), rather than what a detector or a
// comparison found: its value is not an attack's payload, and the runtime
// scrubs it as it does the request's own fields.
const DetailRead = "read by the condition"

// recordReads records, as the evidence of a match, the first of reads
// that has a value in the request: "request.path" and its value, or
// "query.q" and the parameter's first value. Maps read without a constant
// key, and the body, are left out: which of their values decided is not
// known.
func (st *evalState) recordReads(reads []requestRead) {
	r := st.req
	if r == nil {
		return
	}
	for _, rd := range reads {
		var source, v string
		if f := fieldByPath("request." + rd.field); f != fNone {
			source, v = fieldPaths[f], st.field(f)
		} else {
			kind := inputKind(rd.field)
			if kind == "" || rd.key == "" {
				continue
			}
			source = kind + "." + rd.key
			switch rd.field {
			case "query":
				v = firstValue(r.Query[rd.key])
			case "form":
				v = firstValue(r.Form[rd.key])
			case "headers":
				v = firstValue(r.Headers[rd.key])
			case "cookies":
				v = r.Cookies[rd.key]
			case "params":
				v = r.Params[rd.key]
			}
		}
		if v != "" {
			st.record(source, v, DetailRead)
			return
		}
	}
}

func firstValue(vs []string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
