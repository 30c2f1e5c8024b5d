package rasp

import "github.com/sqreen-go/sqreen/engine/sqltoken"

// benignShape reports whether the significant tokens sig (at least two,
// no comment, no ";") that an occurrence covers form one of the shapes
// applications build from user input on purpose; i is the index of the
// occurrence's first token. DetectSQL's comment lists and motivates the
// shapes.
func (sc *sqlScan) benignShape(i int, sig []sqltoken.Token) bool {
	query := sc.query
	if sqlNoOperand(query, sig) ||
		sqlOneOperand(query, sig) ||
		sqlNameList(query, sig) ||
		sqlConstantList(query, sig) ||
		sqlKeywordPhrase(query, sig) {
		return true
	}
	if !sqlSortList(query, sig) {
		return false
	}
	found, ranOff := sqlAfterOrderBy(query, sc.toks, i)
	if ranOff && sc.partial {
		sc.needAll = true // the clause starts before the tokens kept
	}
	return found
}

// sqlNoOperand: only operators and punctuation, nothing to operate on.
func sqlNoOperand(query string, sig []sqltoken.Token) bool {
	for _, t := range sig {
		if t.Kind != sqltoken.Operator && t.Kind != sqltoken.Punct {
			return false
		}
	}
	return true
}

// sqlOneOperand: one operand (a name, constant or keyword) with
// parentheses only, and no call: "(1)", "foobar)". Whatever parenthesis
// it closes or opens, one operand builds no expression.
func sqlOneOperand(query string, sig []sqltoken.Token) bool {
	operands := 0
	for k, t := range sig {
		switch {
		case sqlIsPunct(query, t, ')'):
		case sqlIsPunct(query, t, '('):
			if k > 0 && sig[k-1].Kind != sqltoken.Punct {
				return false // a call: name(
			}
		case t.Kind == sqltoken.Operator, t.Kind == sqltoken.Punct, t.Kind == sqltoken.Placeholder,
			t.Kind == sqltoken.Keyword && sqlIsCombiningKeyword(query[t.Start:t.End]):
			return false // an operator, or a keyword that is one: ") OR ("
		default:
			operands++
		}
	}
	return operands == 1
}

// sqlNameList: (possibly qualified) names separated by commas, e.g.
// users.name or "s"."t", or a, b.c: what a single name is, several times.
func sqlNameList(query string, sig []sqltoken.Token) bool {
	for k := 0; ; k++ {
		n := sqlNameLen(query, sig[k:])
		if n == 0 {
			return false
		}
		if k += n; k == len(sig) {
			return true
		}
		if !sqlIsPunct(query, sig[k], ',') {
			return false
		}
	}
}

// sqlNameLen returns how many tokens at the start of sig form one
// (possibly qualified) name, or 0.
func sqlNameLen(query string, sig []sqltoken.Token) int {
	if len(sig) == 0 || (sig[0].Kind != sqltoken.Ident && sig[0].Kind != sqltoken.QuotedIdent) {
		return 0
	}
	n := 1
	for n+1 < len(sig) && sqlIsPunct(query, sig[n], '.') {
		switch sig[n+1].Kind {
		case sqltoken.Ident, sqltoken.QuotedIdent, sqltoken.Keyword:
			n += 2
			continue
		}
		break
	}
	return n
}

// sqlConstantList: constants separated by commas, in balanced
// parentheses if any: 1, 2, 3 or (-1, 'a', NULL).
func sqlConstantList(query string, sig []sqltoken.Token) bool {
	depth := 0
	wantItem := true
	for k := 0; k < len(sig); k++ {
		t := sig[k]
		if wantItem {
			switch {
			case sqlIsPunct(query, t, '('):
				depth++
				continue
			case t.Kind == sqltoken.Operator && (query[t.Start:t.End] == "-" || query[t.Start:t.End] == "+") &&
				k+1 < len(sig) && sig[k+1].Kind == sqltoken.Number:
				k++
			case t.Kind == sqltoken.Number || t.Kind == sqltoken.String:
			case t.Kind == sqltoken.Keyword && sqlIsConstantKeyword(query[t.Start:t.End]):
			default:
				return false
			}
			wantItem = false
			continue
		}
		switch {
		case sqlIsPunct(query, t, ','):
			wantItem = true
		case sqlIsPunct(query, t, ')'):
			if depth--; depth < 0 {
				return false
			}
		default:
			return false
		}
	}
	return !wantItem && depth == 0
}

// sqlKeywordPhrase: keywords only, none of which combines values, not
// starting with a value: ORDER BY, IS NOT NULL, INSERT INTO; and the
// stars of SELECT * and COUNT(*), which count or list what the query
// already reads.
func sqlKeywordPhrase(query string, sig []sqltoken.Token) bool {
	for k := 0; k < len(sig); k++ {
		t := sig[k]
		if t.Kind == sqltoken.Operator && query[t.Start:t.End] == "*" && k > 0 &&
			sqlIsKeyword(query, sig[k-1], "SELECT", "DISTINCT", "ALL") {
			continue
		}
		if k+3 < len(sig) && t.Kind == sqltoken.Ident && sqltoken.EqualFold(query[t.Start:t.End], "COUNT") &&
			sqlIsPunct(query, sig[k+1], '(') && query[sig[k+2].Start:sig[k+2].End] == "*" && sqlIsPunct(query, sig[k+3], ')') {
			k += 3
			continue
		}
		if t.Kind != sqltoken.Keyword || sqlIsCombiningKeyword(query[t.Start:t.End]) {
			return false
		}
	}
	return !sqlIsConstantKeyword(query[sig[0].Start:sig[0].End]) &&
		!sqlIsValueKeyword(query[sig[0].Start:sig[0].End])
}

// sqlSortList: sort keys separated by commas, each a name or a column
// number with an optional ASC or DESC and NULLS FIRST or NULLS LAST.
func sqlSortList(query string, sig []sqltoken.Token) bool {
	for k := 0; k < len(sig); {
		if n := sqlNameLen(query, sig[k:]); n > 0 {
			k += n
		} else if sig[k].Kind == sqltoken.Number {
			k++
		} else {
			return false
		}
		if k < len(sig) && sqlIsKeyword(query, sig[k], "ASC", "DESC") {
			k++
		}
		if k+1 < len(sig) && sqlIsKeyword(query, sig[k], "NULLS") && sqlIsKeyword(query, sig[k+1], "FIRST", "LAST") {
			k += 2
		}
		if k == len(sig) {
			return true
		}
		if !sqlIsPunct(query, sig[k], ',') || k+1 == len(sig) {
			return false
		}
		k++
	}
	return false
}

// sqlAfterOrderBy reports whether token i sits in an ORDER BY or GROUP BY
// list: walking back over earlier sort keys reaches ORDER BY or GROUP BY.
// ranOff says that the walk reached the first token without deciding.
func sqlAfterOrderBy(query string, toks []sqltoken.Token, i int) (found, ranOff bool) {
	sawBy := false
	for k := i - 1; k >= 0; k-- {
		t := toks[k]
		switch t.Kind {
		case sqltoken.Space, sqltoken.Comment:
			continue
		}
		if sawBy {
			return sqlIsKeyword(query, t, "ORDER", "GROUP"), false
		}
		switch {
		case t.Kind == sqltoken.Ident || t.Kind == sqltoken.QuotedIdent || t.Kind == sqltoken.Number,
			sqlIsPunct(query, t, '.'), sqlIsPunct(query, t, ','),
			sqlIsKeyword(query, t, "ASC", "DESC", "NULLS", "FIRST", "LAST"):
		case sqlIsKeyword(query, t, "BY"):
			sawBy = true
		default:
			return false, false
		}
	}
	return false, true
}

func sqlIsPunct(query string, t sqltoken.Token, c byte) bool {
	return t.Kind == sqltoken.Punct && query[t.Start] == c
}

func sqlIsKeyword(query string, t sqltoken.Token, words ...string) bool {
	if t.Kind != sqltoken.Keyword {
		return false
	}
	for _, w := range words {
		if sqltoken.EqualFold(query[t.Start:t.End], w) {
			return true
		}
	}
	return false
}

// sqlIsConstantKeyword: keywords that are constants in a list.
func sqlIsConstantKeyword(w string) bool {
	return sqltoken.EqualFold(w, "NULL") || sqltoken.EqualFold(w, "TRUE") || sqltoken.EqualFold(w, "FALSE")
}

// sqlIsValueKeyword: other keywords that are values by themselves.
func sqlIsValueKeyword(w string) bool {
	for _, v := range [...]string{"DEFAULT", "CURRENT_USER", "SESSION_USER", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP"} {
		if sqltoken.EqualFold(w, v) {
			return true
		}
	}
	return false
}

// sqlIsCombiningKeyword: keywords that combine values or queries.
func sqlIsCombiningKeyword(w string) bool {
	for _, v := range [...]string{"OR", "AND", "XOR", "UNION", "INTERSECT", "EXCEPT", "MINUS", "DIV", "MOD",
		"LIKE", "ILIKE", "RLIKE", "REGEXP", "SIMILAR", "GLOB", "MATCH", "BETWEEN"} {
		if sqltoken.EqualFold(w, v) {
			return true
		}
	}
	return false
}
