package waf

// structuralSQLi is the second SQL check, for what libinjection's
// fingerprint list misses. It tries the value in three places: as a bare
// number or expression (when it starts with a digit, a negative number, a
// parenthesis, ';' or a keyword such as AND, UNION or ORDER), after a
// single quote and after a double quote. In each, the value must first break out the way an
// injection does (see breaksOut), and then contain a construct that only SQL has (see
// sqlConstruct). A value may also start with a statement that only an
// injection sends, such as `exec master..xp_cmdshell` or `waitfor delay`
// (see leadingStatement). It returns the construct's name and byte offset.
func structuralSQLi(s string) (string, int, bool) {
	if c := s[0]; isDigit(c) || c == '(' || c == ')' || c == ';' || leadingKeyword(s) ||
		c == '-' && len(s) > 1 && isDigit(s[1]) {
		if name, off, ok := afterBreakout(s, 0, true); ok {
			return name, off, true
		}
	}
	if off, ok := leadingStatement(s); ok {
		return "statement", off, true
	}
	for _, q := range [...]byte{'\'', '"'} {
		if i := closingQuote(s, q); i >= 0 {
			if name, off, ok := afterBreakout(s, i+1, false); ok {
				return name, off, true
			}
		}
	}
	return "", -1, false
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
// Closing parentheses are skipped next (the attacker closes the
// expression), then the token that follows must be one an injection puts
// there; finally the rest is searched for a SQL construct.
func afterBreakout(s string, start int, number bool) (string, int, bool) {
	l := sqlLexer{s: s, pos: start}
	t := l.next()
	if number && t.kind == tokNumber {
		t = l.next()
	}
	for t.kind == tokClose {
		t = l.next()
	}
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
	if !breaksOut(t) {
		return "", -1, false
	}
	return sqlConstruct(&l, t)
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
// procedure, DECLARE of a @variable, or WAITFOR DELAY/TIME. Statements
// that read like English (`delete from my list`, `select the best`) are
// not taken here.
func leadingStatement(s string) (int, bool) {
	l := sqlLexer{s: s}
	t := l.next()
	if t.kind != tokWord {
		return -1, false
	}
	switch {
	case equalFold(t.text, "exec"), equalFold(t.text, "execute"), equalFold(t.text, "declare"), equalFold(t.text, "waitfor"):
		return t.off, statementFollows(t.text, l)
	}
	return -1, false
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
func sqlConstruct(l *sqlLexer, first token) (string, int, bool) {
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
			case class&kwFunction != 0 && l.pos < len(l.s) && l.s[l.pos] == '(':
				return "function call", t.off, true // name( with no space, as payloads write it
			case found < 0 && class&kwBool != 0 && boolTest(*l, false):
				found = t.off
			case equalFold(t.text, "by") && prev.kind == tokWord && (equalFold(prev.text, "order") || equalFold(prev.text, "group")) &&
				l.peek().kind == tokNumber:
				return "order by", prev.off, true
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
// FROM before the select ends, or a select list that starts like SQL (`*`,
// a number, a string, a parenthesis, an @@variable, a function call, CASE
// or NULL).
func selectFollows(l sqlLexer) bool {
	t := l.next()
	switch t.kind {
	case tokOp:
		return t.text == "*"
	case tokNumber, tokString, tokOpen:
		return true
	case tokWord:
		if t.text[0] == '@' || equalFold(t.text, "case") || equalFold(t.text, "null") || l.peek().kind == tokOpen {
			return true
		}
	default:
		return false
	}
	for depth, n := 0, 0; n < lookahead; n++ { // a FROM at this level, before the select closes
		switch t = l.next(); t.kind {
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
