package waf

import "strings"

// structuralSQLi is the SQL check. It tries the value in the places a
// request value lands in a query: as a bare number or expression (when it
// starts with a digit, a negative number, a parenthesis, ';' or a keyword
// such as AND, UNION or ORDER), after a single quote and after a double
// quote. In each, the value must first break out the way an injection
// does (see breaksOut), and then contain a construct that only SQL has
// (see sqlConstruct). A value may also start with a statement that only
// an injection sends, such as `exec master..xp_cmdshell` or `waitfor
// delay` (see leadingStatement), and anywhere in a value a UNION SELECT,
// a parenthesised SELECT of SQL values or a boolean test between SQL
// values on both sides is SQL whatever the context (see anywhere). It
// returns the construct's name and byte offset.
func structuralSQLi(s string) (string, int, bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return "", -1, false
	}
	if c := s[i]; isDigit(c) || c == '(' || c == ')' || c == ';' || c == '-' && i+1 < len(s) && isDigit(s[i+1]) {
		if name, off, ok := afterBreakout(s, i, true, 0); ok {
			return name, off, true
		}
	} else if leadingKeyword(s) || closedWord(s) {
		// Not a number: a comparison needs SQL values on both sides, as
		// in prose that starts with `or` (`or found == false if ...`).
		if name, off, ok := afterBreakout(s, i, true, '-'); ok {
			return name, off, true
		}
	}
	if name, off, ok := leadingStatement(s); ok {
		return name, off, true
	}
	for _, q := range [...]byte{'\'', '"'} {
		if i := closingQuote(s, q); i >= 0 {
			if name, off, ok := afterBreakout(s, i+1, false, q); ok {
				return name, off, true
			}
		}
	}
	return anywhere(s)
}

// closingQuote returns the index of the first quote q in s that would end
// a literal the value was placed in, or -1. Doubled and backslash-escaped
// quotes stay inside the literal.
func closingQuote(s string, q byte) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

// afterBreakout lexes s from start. With number set, the value stands
// where a number was expected, so a leading number token is skipped first.
// quote is the quote the value broke out of, 0 for a number, or '-' for
// a value that starts with a word, whose comparisons need SQL values on
// both sides.
// Closing parentheses are skipped next (the attacker closes the
// expression), then the token that follows must be one an injection puts
// there; finally the rest is searched for a SQL construct.
func afterBreakout(s string, start int, number bool, quote byte) (string, int, bool) {
	l := sqlLexer{s: s, pos: start}
	t := l.code()
	if number && (t.kind == tokNumber || t.kind == tokWord && keywordClass(t.text) == 0) {
		t = l.code()
	}
	for t.kind == tokClose {
		t = l.code()
	}
	if (quote == '\'' || quote == '"') && t.kind == tokComment && !t.inline() && (t.text[0] != '#' || quote == '\'') &&
		shortComment(t.text) {
		// The rest of the query commented out right after the literal
		// closes: `admin'--`, `admin'#`, `x" /*`, `1' -- -`. The comment
		// is (nearly) empty: text that goes on after `'--` or `'#` is prose
		// (`FOO BAR'# BLAH`, `foo'--'bar'`). MySQL's # comments are taken
		// after a single quote only (`My "#1" fan`).
		return "comment after quote", t.off, true
	}
	probe := quote == '\'' && (t.kind == tokOp || t.kind == tokWord && keywordClass(t.text)&(kwBool|kwCompare) != 0) &&
		stringProbe(l, t)
	if t.kind == tokWord && equalFold(t.text, "as") {
		// A derived table's alias after the closers: `1') as abcd where 1=1`.
		if a := l.next(); a.kind == tokWord && keywordClass(a.text) == 0 {
			if u := l.peek(); u.kind == tokWord && keywordClass(u.text)&kwContinue != 0 {
				t = l.next()
			}
		}
	}
	if t.kind == tokWord && t.off > start && isSpace(s[t.off-1]) && keywordClass(t.text)&kwStatement != 0 &&
		keywordClass(t.text)&kwContinue == 0 && statementFollows(t.text, l) {
		// A batch without ';' (SQL Server): `' drop table t--`. The space
		// sets it apart from quoted prose such as `I clicked "Delete from list"`.
		return "stacked statement", t.off, true
	}
	if breaksOut(t) {
		if name, off, ok := sqlConstruct(&l, t, quote == '-'); ok {
			return name, off, true
		}
	}
	if probe {
		return "string comparison", t.off, true
	}
	return "", -1, false
}

// stringProbe reports whether, after a single quote that closed the
// literal, the operator t and what follows compare or combine the closed
// literal with a new one that the query's own closing quote ends: `a' = 'a`,
// `x'|ascii(1)+1!='1`, `' <=> '`, `a' and 'b`. Between the operator and
// the new literal there may be only SQL values, operators and calls of SQL
// functions, never a plain word (`KNICKIN' AND KNACKIN' SEE`), and the new
// literal is a short token without spaces (the probe balances the
// query's quote; text with stray quotes goes on). An operator with
// nothing after it needs spaces around it (`a' and 'b`, `' = '`, not
// `select 'and'` or `the '%' sign`). A comment may end the value's code
// instead.
func stringProbe(l sqlLexer, t token) bool {
	if t.kind == tokOp {
		if !isArith(t.text[0]) && !isCompare(t.text[0]) && t.text[0] != '~' {
			return false // `'\0'`: not an operator of SQL
		}
		for n := 0; n < 3; n++ {
			if p := l.peekCode(); p.kind != tokOp || p.text[0] == '\'' {
				break
			}
			l.code()
		}
	} else if equalFold(t.text, "not") {
		if p := l.peekCode(); p.kind == tokWord && keywordClass(p.text)&kwCompare != 0 {
			l.code()
		}
	}
	opEnd := l.pos
	var last token
	for n := 0; n < maxTerms; n++ {
		u := l.code()
		switch u.kind {
		case tokEnd:
			if last.kind != tokString || last.text[0] != '\'' || stringEnd(l.s, last.off+1, '\'') != len(l.s) {
				return false
			}
			body := last.text[1:]
			if len(body) > 16 || strings.ContainsAny(body, " \t\n'") {
				return false
			}
			if last.off == l.skipSpace(opEnd) { // nothing between: `a' and 'b`, `' = '`, not `'%'` or `select 'and'`
				return t.off > 0 && isSpace(l.s[t.off-1]) && last.off > opEnd
			}
			return true
		case tokComment:
			return last.kind != 0
		case tokWord:
			if u.text[0] != '@' && !sqlLiteralWord(u.text) && keywordClass(u.text)&(kwBool|kwCompare) == 0 {
				if !(l.callFollows() && sqlFunction(u.text)) {
					return false
				}
				l.code()
				skipGroup(&l) // the call's arguments
			}
		case tokOpen:
			skipGroup(&l)
		case tokSemi, tokClose, tokComma:
			return false
		}
		last = u
	}
	return false
}

// anywhere looks in the whole value, without a break-out, for what only
// SQL writes in any context: UNION [ALL|DISTINCT] SELECT or a
// parenthesised SELECT of SQL values, an INTO OUTFILE, or a boolean
// operator followed by a comparison of SQL values on both sides (`HOPE
// AND 8=3`, `x,1 and 1=@@version`).
func anywhere(s string) (string, int, bool) {
	l := sqlLexer{s: s}
	var prev, prev2 token
	for t := l.code(); t.kind != tokEnd; t = l.code() {
		if t.kind == tokComment {
			continue
		}
		switch {
		case t.kind == tokWord && keywordClass(t.text)&kwSelect != 0 && afterSetOp(prev, prev2) && unionList(l):
			return "union select", t.off, true
		case t.kind == tokWord && keywordClass(t.text)&kwSelect != 0 && prev.kind == tokOpen && sqlSelectList(l):
			return "sub-select", t.off, true
		case t.kind == tokWord && keywordClass(t.text)&kwFunction != 0 && l.callFollows() && callOfValues(l):
			return "function call", t.off, true
		case t.kind == tokWord && keywordClass(t.text)&kwBool != 0 && boolTest(l, true):
			return "boolean test", t.off, true
		case t.kind == tokOp && isBoolOp(t, &l):
			l.next()
			if boolTest(l, true) {
				return "boolean test", t.off, true
			}
		case t.kind == tokWord && equalFold(t.text, "into") && intoFile(l):
			return "into outfile", t.off, true
		}
		prev, prev2 = t, prev
	}
	return "", -1, false
}

// afterSetOp reports whether the two tokens before a SELECT put it after
// UNION, INTERSECT or EXCEPT (and ALL or DISTINCT), or after such a word
// and a parenthesis: `union all select`, `union (select`.
func afterSetOp(prev, prev2 token) bool {
	setOp := func(t token) bool { return t.kind == tokWord && keywordClass(t.text)&kwSetOp != 0 }
	return setOp(prev) || prev.kind == tokOpen && setOp(prev2)
}

// unionList reports whether the select list after UNION SELECT (read from
// a copy of the lexer) is one: within a few tokens a comma, an operator, a
// value, a parenthesis or FROM, not a word or two of prose at the end.
func unionList(l sqlLexer) bool {
	for n := 0; n < 8; n++ {
		switch t := l.code(); t.kind {
		case tokEnd:
			return false
		case tokComma, tokOp, tokNumber, tokString, tokOpen, tokComment:
			return true
		case tokWord:
			if equalFold(t.text, "from") || t.text[0] == '@' || sqlLiteralWord(t.text) {
				return true
			}
		}
	}
	return false
}

// callOfValues reports whether the parenthesis that follows a function
// name (read from a copy of the lexer) holds only SQL values, operators
// and calls: `sleep(5)`, `benchmark(15000000,md5(0x4e44))`, not `sleep(8
// hours)`.
func callOfValues(l sqlLexer) bool {
	l.code() // (
	_, words, closed := readGroup(&l)
	return closed && !words
}

// shortComment reports whether the comment c holds at most three bytes
// besides its marker and white space, as the comments that end injections
// do (`--`, `-- -`, `#`, `--+`, `/*`).
func shortComment(c string) bool {
	switch {
	case c[0] == '#':
		c = c[1:]
	default: // --, /*
		c = c[2:]
	}
	n := 0
	for i := 0; i < len(c); i++ {
		if !isSpace(c[i]) {
			n++
		}
	}
	return n <= 3
}

// orderTerm reports whether the term after ORDER BY or GROUP BY (read
// from a copy of the lexer) is a column number that ends the clause or a
// call of a SQL function, as probes write them (`order by 3--`, `order by
// 1,sleep(5)`, `group by concat(version(),floor(rand(0)*2))`), not prose
// (`order by 5 please`, `order by 5pm`).
func orderTerm(l sqlLexer) bool {
	t := l.code()
	if t.kind == tokWord {
		return l.callFollows() && sqlFunction(t.text)
	}
	if t.kind != tokNumber {
		return false
	}
	for i := 0; i < len(t.text); i++ {
		if !isDigit(t.text[i]) {
			return false // `order by 5pm`
		}
	}
	switch l.code().kind {
	case tokEnd, tokComment, tokComma, tokSemi, tokClose:
		return true
	}
	return false
}

// intoFile reports whether OUTFILE or DUMPFILE and a string follow INTO.
func intoFile(l sqlLexer) bool {
	t := l.code()
	return t.kind == tokWord && (equalFold(t.text, "outfile") || equalFold(t.text, "dumpfile")) && l.code().kind == tokString
}

// closedWord reports whether s starts with a word that a parenthesis or
// a ';' closes right away: a value placed where an identifier or a
// number was expected that ends the expression, `FOO)); select
// pg_sleep(5)--`.
func closedWord(s string) bool {
	l := sqlLexer{s: s}
	t := l.code()
	if t.kind != tokWord || keywordClass(t.text) != 0 {
		return false
	}
	u := l.code()
	return u.kind == tokClose || u.kind == tokSemi
}

// leadingKeyword reports whether s starts, after white space, with a
// keyword that continues an expression or a query (AND, OR, UNION, ORDER,
// WHERE, ...): the shape of a payload appended to a number, such as
// ` UNION ALL SELECT @@version,SLEEP(5)-- `.
func leadingKeyword(s string) bool {
	l := sqlLexer{s: s}
	t := l.next()
	return t.kind == tokWord && keywordClass(t.text)&kwContinue != 0
}

// thenFollows reports whether a condition and a THEN come later (read from
// a copy of the lexer), as in CASE WHEN 1=1 THEN or CASE WHEN (x) THEN,
// and not in the prose `in case when it rains then ...`: an operator or a
// parenthesis must come before the THEN.
func thenFollows(l sqlLexer) bool {
	cond := false
	for n, t := 0, l.next(); t.kind != tokEnd && n < lookahead; n, t = n+1, l.next() {
		switch {
		case t.kind == tokOp || t.kind == tokOpen:
			cond = true
		case t.kind == tokWord && equalFold(t.text, "then"):
			return cond
		}
	}
	return false
}

// leadingStatement reports whether s starts with a statement that ordinary
// text never starts with: EXEC or EXECUTE of an extended or system
// procedure, DECLARE of a @variable, WAITFOR DELAY/TIME, or a SELECT of
// SQL values from a table (`select 1,2,concat(user,0x3a,pw) from users`).
// Statements that read like English (`delete from my list`, `select the
// best`) are not taken here.
func leadingStatement(s string) (string, int, bool) {
	l := sqlLexer{s: s}
	t := l.code()
	if t.kind != tokWord {
		return "", -1, false
	}
	switch {
	case equalFold(t.text, "exec"), equalFold(t.text, "execute"), equalFold(t.text, "declare"), equalFold(t.text, "waitfor"):
		if statementFollows(t.text, l) {
			return "statement", t.off, true
		}
	case equalFold(t.text, "select"):
		if sqlSelectList(l) && fromFollows(l) {
			return "statement", t.off, true
		}
	}
	return "", -1, false
}

// breaksOut reports whether t can follow the end of a literal or number in
// an injection: an operator, a comment, a parenthesis, ';' or a keyword
// that continues a SQL expression or statement. A plain word cannot (the
// `Reilly` of O'Reilly), nor can the end of the value.
func breaksOut(t token) bool {
	switch t.kind {
	case tokOp, tokComment, tokOpen, tokSemi, tokComma:
		return true
	case tokWord:
		return keywordClass(t.text)&kwContinue != 0
	}
	return false
}

// sqlConstruct scans the tokens from first on and reports the first
// construct that only SQL has. A boolean test (`or 1=1`) is reported only
// when no more telling construct (a stacked statement, a sub-select, a
// call of a time function, ...) follows it.
func sqlConstruct(l *sqlLexer, first token, both bool) (string, int, bool) {
	var prev token // previous token that is not a comment
	found := -1    // offset of the first boolean test: reported if nothing more telling follows
	for t := first; t.kind != tokEnd; t = l.next() {
		if t.kind == tokComment {
			continue
		}
		if t.kind == tokWord {
			class := keywordClass(t.text)
			switch {
			case class&kwStatement != 0 && prev.kind == tokSemi && statementFollows(t.text, *l):
				return "stacked statement", t.off, true
			case class&kwSelect != 0 && (prev.kind == tokOpen || prev.kind == tokWord && keywordClass(prev.text)&kwSetOp != 0):
				if selectFollows(*l) {
					return "sub-select", t.off, true
				}
			case class&kwWhen != 0 && prev.kind == tokWord && keywordClass(prev.text)&kwCase != 0 && thenFollows(*l):
				return "case when", prev.off, true
			case class&kwDelay != 0 && prev.kind == tokWord && keywordClass(prev.text)&kwWaitfor != 0:
				return "waitfor delay", prev.off, true
			case class&kwAnalyse != 0 && prev.kind == tokWord && keywordClass(prev.text)&kwProcedure != 0:
				return "procedure analyse", prev.off, true
			case class&kwFunction != 0 && l.callFollows():
				return "function call", t.off, true // name( with no space, as payloads write it
			case found < 0 && class&kwBool != 0 && boolTest(*l, both):
				found = t.off
			case equalFold(t.text, "by") && prev.kind == tokWord && (equalFold(prev.text, "order") || equalFold(prev.text, "group")) &&
				orderTerm(*l):
				return "order by", prev.off, true
			case equalFold(t.text, "into") && intoFile(*l):
				return "into outfile", t.off, true
			}
		}
		if t.kind == tokOp && isBoolOp(t, l) {
			l.next() // the second & or |
			if found < 0 && boolTest(*l, true) {
				found = t.off
			}
		}
		prev = t
	}
	if found >= 0 {
		return "boolean test", found, true
	}
	return "", -1, false
}

// statementFollows reports whether the tokens after the statement keyword
// kw (read from a copy of the lexer) make a statement rather than a
// sentence: `; drop table`, `; insert into`, `; exec xp_cmdshell`, `;
// declare @v`, never `; exec will create ...`.
func statementFollows(kw string, l sqlLexer) bool {
	t := l.next()
	switch {
	case equalFold(kw, "select"):
		return t.kind != tokEnd && t.kind != tokClose
	case equalFold(kw, "waitfor"):
		return t.kind == tokWord && keywordClass(t.text)&kwDelay != 0
	case equalFold(kw, "shutdown"):
		return t.kind == tokEnd || t.kind == tokComment || t.kind == tokSemi
	case equalFold(kw, "insert"):
		return t.kind == tokWord && equalFold(t.text, "into")
	case equalFold(kw, "delete"):
		for n := 0; n < 3 && t.kind == tokWord && (equalFold(t.text, "ignore") || equalFold(t.text, "quick") ||
			equalFold(t.text, "low_priority")); n++ {
			t = l.next()
		}
		return t.kind == tokWord && equalFold(t.text, "from")
	case equalFold(kw, "update"):
		u := l.next()
		return t.kind == tokWord && u.kind == tokWord && equalFold(u.text, "set")
	case equalFold(kw, "declare"):
		return t.kind == tokWord && t.text[0] == '@'
	case equalFold(kw, "exec"), equalFold(kw, "execute"):
		if t.kind == tokOpen { // EXEC('...') or EXEC(@sql), not a call such as Exec(query, args)
			u := l.next()
			return u.kind == tokString || u.kind == tokWord && u.text[0] == '@'
		}
		return t.kind == tokWord && (t.text[0] == '@' ||
			hasPrefixFold(t.text, "xp_") || hasPrefixFold(t.text, "sp_") || hasPrefixFold(t.text, "master."))
	default: // drop, create, alter, truncate
		return t.kind == tokWord && keywordClass(t.text)&kwObject != 0
	}
}

// selectFollows reports whether the tokens after SELECT (read from a copy
// of the lexer) make a query rather than prose such as `(select one)`: a
// select list that starts like SQL (see sqlSelectList) or a FROM before
// the select ends.
func selectFollows(l sqlLexer) bool {
	return sqlSelectList(l) || fromFollows(l)
}

// sqlSelectList reports whether the select list after SELECT (read from a
// copy of the lexer) starts like SQL: `*`, a number, a string, a
// parenthesis, an @@variable, a function call, CASE or NULL.
func sqlSelectList(l sqlLexer) bool {
	t := l.code()
	switch t.kind {
	case tokOp:
		return t.text == "*"
	case tokNumber, tokString, tokOpen:
		return true
	case tokWord:
		return t.text[0] == '@' || equalFold(t.text, "case") || equalFold(t.text, "null") || l.peekCode().kind == tokOpen
	}
	return false
}

// fromFollows reports whether a FROM comes at this level of parentheses
// before the statement or the parenthesis ends (read from a copy of the
// lexer), within the look-ahead bound.
func fromFollows(l sqlLexer) bool {
	for depth, n := 0, 0; n < lookahead; n++ {
		switch t := l.code(); t.kind {
		case tokEnd, tokSemi:
			return false
		case tokOpen:
			depth++
		case tokClose:
			if depth == 0 {
				return false
			}
			depth--
		case tokWord:
			if depth == 0 && equalFold(t.text, "from") {
				return true
			}
		}
	}
	return false
}

// lookahead bounds the tokens thenFollows and selectFollows read, so that
// a value made of many CASE WHEN or (SELECT costs time linear in its size.
const lookahead = 64

// peek returns the next token without consuming it.
func (l *sqlLexer) peek() token {
	saved := l.pos
	t := l.next()
	l.pos = saved
	return t
}
