package waf

// This file reads SQL expressions from the token stream of a value that
// has left its literal: the operands and comparisons an injection appends
// (`' or 1=1`, `) and ascii(substring(pw,1,1))>64`, `1 and 8=3`).
// Ordinary text is full of `and` and `or`; what it does not have is a
// boolean operator followed by a comparison whose operands read as SQL
// values (a number, a string, NULL, an @variable, a call of a SQL
// function, a parenthesised expression), so that is what boolTest asks
// for.

// strength says how much an operand reads as SQL rather than prose.
type strength uint8

const (
	weakNone  strength = iota // no operand here
	weakWord                  // a bare word: a column, or an English word
	strongSQL                 // a SQL value, a SQL function call or a parenthesised expression
)

// maxTerms bounds the unary signs, arithmetic terms and tokens inside a
// parenthesis that one operand may read, so that hostile values stay
// linear.
const maxTerms = 16

// readOperand reads one operand with its unary signs and arithmetic tail:
// `-8`, `'a'`, `null`, `@@version`, `ascii(substring(pw,1,1))-4`,
// `(1=1)*2`, `x`. It reports the strongest term it read.
func readOperand(l *sqlLexer) strength {
	best := weakNone
	for terms := 0; terms < maxTerms; terms++ {
		t := l.code()
		for n := 0; t.kind == tokOp && isUnary(t.text[0]) && n < maxTerms; n++ {
			t = l.code()
		}
		s := readPrimary(l, t)
		if s == weakNone {
			return best
		}
		best = max(best, s)
		// An arithmetic operator continues the operand; a comparison or
		// anything else ends it.
		p := l.peekCode()
		if p.kind != tokOp || !isArith(p.text[0]) || l.doubled() {
			return best
		}
		l.code()
	}
	return best
}

// readPrimary classifies the token t that starts a term and consumes the
// rest of the term (a call's or a parenthesis's contents).
func readPrimary(l *sqlLexer, t token) strength {
	switch t.kind {
	case tokNumber, tokString:
		return strongSQL
	case tokOpen:
		if g := skipGroup(l); g != 0 {
			return strongSQL
		}
		return weakWord // (at least): prose in parentheses
	case tokWord:
		switch {
		case t.text[0] == '@' || sqlLiteralWord(t.text):
			return strongSQL
		case l.callFollows() && sqlFunction(t.text):
			l.next()
			skipGroup(l)
			return strongSQL
		}
		return weakWord
	}
	return weakNone
}

// groupKind says what skipGroup saw inside a parenthesis.
type groupKind uint8

const (
	groupProse groupKind = iota // only words and commas
	groupSQL                    // a number, a string, an operator or a nested group
	groupTest                   // a comparison or a boolean operator between SQL values
)

// skipGroup consumes the tokens up to the parenthesis that closes one
// already read, within a bound, and reports what they hold: prose in
// parentheses rarely has a number, a string, an operator or a nested
// group, and never a comparison.
func skipGroup(l *sqlLexer) groupKind {
	g, _, _ := readGroup(l)
	return g
}

// readGroup is skipGroup, also reporting whether the group holds a plain
// word (not an @variable, a literal or a function name before its '(')
// and whether its closing parenthesis was found within the bound.
func readGroup(l *sqlLexer) (g groupKind, words, closed bool) {
	depth := 1
	for n := 0; n < 4*maxTerms; n++ {
		switch t := l.code(); t.kind {
		case tokEnd:
			return g, words, false
		case tokOpen:
			depth++
			g = max(g, groupSQL)
		case tokClose:
			if depth--; depth == 0 {
				return g, words, true
			}
		case tokNumber, tokString:
			g = max(g, groupSQL)
		case tokOp:
			g = max(g, groupSQL)
			if isCompare(t.text[0]) {
				g = groupTest
			}
		case tokWord:
			if keywordClass(t.text)&(kwBool|kwCompare) != 0 && g >= groupSQL {
				g = groupTest
			}
			if t.text[0] != '@' && !sqlLiteralWord(t.text) && !(l.callFollows()) {
				words = true
			}
		}
	}
	return g, words, false
}

// readComparison reads `operand cmp operand` (cmp one of = <> != < > <=
// >= <=>, [NOT] LIKE, RLIKE, REGEXP, IS [NOT], [NOT] IN, [NOT] BETWEEN)
// and reports whether there was one and how SQL-like its strongest side
// is (with both set, its weakest). With no comparison it reports the
// operand alone (ok false); a parenthesised comparison standing alone,
// `and (ascii(x)=52)`, counts as one.
func readComparison(l *sqlLexer, both bool) (strength, bool) {
	if p := l.peekCode(); p.kind == tokOpen {
		saved := l.pos
		l.code()
		if skipGroup(l) == groupTest {
			if q := l.peekCode(); q.kind != tokOp || (!isCompare(q.text[0]) && !isArith(q.text[0])) {
				return strongSQL, true
			}
		}
		l.pos = saved
	}
	left := readOperand(l)
	if left == weakNone {
		return weakNone, false
	}
	p := l.peekCode()
	switch {
	case p.kind == tokOp && isCompare(p.text[0]):
		n := 0
		for p = l.peekCode(); p.kind == tokOp && isCompare(p.text[0]) && n < 3; p = l.peekCode() {
			l.code()
			n++
		}
	case p.kind == tokWord && keywordClass(p.text)&kwCompare != 0:
		l.code()
		if equalFold(p.text, "not") {
			if q := l.code(); q.kind != tokWord || keywordClass(q.text)&kwCompare == 0 {
				return left, false
			}
		}
		if equalFold(p.text, "is") {
			if q := l.peekCode(); q.kind == tokWord && equalFold(q.text, "not") {
				l.code()
			}
			if q := l.peekCode(); q.kind == tokWord && (sqlLiteralWord(q.text) || equalFold(q.text, "unknown")) {
				l.code() // IS [NOT] NULL / TRUE / UNKNOWN: a SQL value on the right
				if both {
					return left, true
				}
				return strongSQL, true
			}
		}
	default:
		return left, false
	}
	right := readOperand(l)
	if right == weakNone {
		return left, false
	}
	if both {
		return min(left, right), true
	}
	return max(left, right), true
}

// boolTest reports whether the tokens after a boolean operator (read from
// a copy of the lexer) make a test only SQL writes: a comparison with a
// SQL value on one side (`1=1`, `'a'='a`, `x like 'a%'`, `8=3`), or a
// SQL value or function call standing alone before a comment or a ';'
// (`or 1--`, `and elt(1=1,2)#`, `or true;`). A value
// standing alone at the end is prose (`1950 or 1960`, `80% acrylic and
// 20% wool`). With both set (the operator was && or ||, which data uses
// as a separator: `id=5||page=2`, or the value never left a literal) a
// comparison needs SQL values on both sides.
func boolTest(l sqlLexer, both bool) bool {
	s, cmp := readComparison(&l, both)
	if cmp {
		return s == strongSQL
	}
	if s != strongSQL {
		return false
	}
	t := l.code()
	return t.kind == tokComment || t.kind == tokSemi
}

// isBoolOp reports whether t is a boolean operator: AND, OR, XOR, or the
// doubled && and || (read as one operator when the next byte repeats it).
func isBoolOp(t token, l *sqlLexer) bool {
	switch t.kind {
	case tokWord:
		return keywordClass(t.text)&kwBool != 0
	case tokOp:
		c := t.text[0]
		return (c == '&' || c == '|') && l.pos < len(l.s) && l.s[l.pos] == c
	}
	return false
}

// doubled reports whether the next operator byte is repeated (&&, ||):
// a boolean operator, not an arithmetic one.
func (l *sqlLexer) doubled() bool {
	i := l.pos
	for i < len(l.s) && isSpace(l.s[i]) {
		i++
	}
	return i+1 < len(l.s) && (l.s[i] == '&' || l.s[i] == '|') && l.s[i+1] == l.s[i]
}

func isUnary(c byte) bool { return c == '-' || c == '+' || c == '~' || c == '!' }
func isArith(c byte) bool {
	return c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == '^' || c == '|' || c == '&'
}
func isCompare(c byte) bool { return c == '=' || c == '<' || c == '>' || c == '!' }

// sqlLiteralWord reports whether w is a literal SQL spells as a word.
func sqlLiteralWord(w string) bool {
	return equalFold(w, "null") || equalFold(w, "true") || equalFold(w, "false")
}

// sqlFunction reports whether w names a function injections call to read
// data, compare it bit by bit, convert it or waste time: the built-ins of
// MySQL, PostgreSQL, SQL Server, Oracle and SQLite that blind and
// error-based payloads are made of, besides the time, error and file
// functions of keywordClass. Ordinary words that happen to be function
// names (char, left, count) count only with '(' right after them.
func sqlFunction(w string) bool {
	if keywordClass(w)&kwFunction != 0 {
		return true
	}
	var buf [24]byte
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		buf[i] = lowerByte(w[i])
	}
	switch string(buf[:len(w)]) {
	case "ascii", "ord", "char", "chr", "nchar", "unicode", "substring", "substr", "mid", "left", "right",
		"length", "len", "char_length", "concat", "concat_ws", "group_concat", "string_agg", "replace",
		"reverse", "lower", "upper", "lcase", "ucase", "trim", "ltrim", "rtrim", "lpad", "rpad", "instr",
		"locate", "position", "strcmp", "hex", "unhex", "bin", "conv", "md5", "sha1", "sha2", "crc32",
		"cast", "convert", "coalesce", "ifnull", "isnull", "nullif", "nvl", "if", "iif", "elt", "field",
		"make_set", "count", "sum", "min", "max", "avg", "abs", "floor", "ceil", "ceiling", "round",
		"rand", "random", "exp", "pow", "power", "sqrt", "sin", "cos", "tan", "pi", "mod",
		"version", "database", "schema", "user", "current_user", "session_user", "system_user",
		"user_name", "db_name", "host_name", "suser_name", "current_database", "last_insert_id",
		"row_count", "connection_id", "now", "sysdate", "getdate", "current_timestamp",
		"exists", "xmltype", "json_keys", "json_extract", "to_char", "to_number", "quote",
		"typeof", "zeroblob", "sqlite_version", "like", "glob", "regexp_like",
		"ctxsys.drithsx.sn", "dbms_utility.sqlid_to_sqlhash", "utl_inaddr.get_host_name",
		"load_extension", "char_to_number", "bitand", "ascii_str", "unistr":
		return true
	}
	return false
}
