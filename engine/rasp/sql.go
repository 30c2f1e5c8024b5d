package rasp

import (
	"strings"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

// SQLInjection reports whether input, where it occurs in query, changes
// the query's structure. dialect is "postgresql", "mysql", "sqlite" or
// "generic". See DetectSQL.
func SQLInjection(query, input, dialect string) bool {
	_, ok := DetectSQL(query, input, dialect)
	return ok
}

// DetectSQL is the SQL injection detector. It returns the evidence of the
// first offending occurrence of input in query.
//
// The query is tokenized with the dialect's lexical rules (package
// sqltoken); an unknown dialect name is treated as "generic". Inputs
// shorter than 2 bytes, and inputs found in the query neither verbatim
// nor escaped (case matters: the application inserted these exact
// bytes), never match.
// Every occurrence of the input is checked; one offending occurrence
// makes an attack. When the input holds a single quote, its escaped
// forms are checked too, quotes doubled and quotes backslashed, as
// applications write them: safe inside one literal, an attack when they
// still leave it (in MySQL a backslash in the input escapes the first
// quote of a doubled pair; in PostgreSQL's standard strings \' ends the
// literal). Finding.Offset points at the occurrence, verbatim or escaped.
//
// An occurrence is safe when it lies inside one token: one string literal
// (dollar-quoted and E-strings included), one quoted identifier, one
// number, identifier, keyword, operator or placeholder, or the inside of
// a comment. O'Reilly escaped by doubling its quote is safe: the raw
// input is not in the query, and its escaped form lies inside one literal:
//
//	SELECT * FROM users WHERE name = 'O''Reilly'
//
// An occurrence is an attack when:
//   - it starts inside a string literal, quoted identifier or comment and
//     ends outside it, or opens one that runs past its end;
//   - it adds a comment, or a statement separator ";"; completing a
//     comment opener the query starts ("-" after the query's "-") counts;
//   - it makes the query fail to tokenize (a quote, comment or dollar
//     quote left open) and holds a quote, backslash, "$" or "*" that can
//     cause that, or ends with a quote or backslash, which shifts how the
//     application's own quotes pair up;
//   - it spans several tokens that add an operator, keyword, identifier
//     or function call to the query, outside the benign shapes below;
//   - it holds the quote of the literal it sits in, paired by doubling
//     so that the literal's value does not hold the input: the input
//     reached the query unescaped and its quotes were read as syntax,
//     only their own pairing keeping the literal closed. Escaped, the
//     same input is safe: the value holds it. (A backslash-escaped quote
//     inside a MySQL literal is not this case: it stays in the literal,
//     whoever wrote the backslash.)
//
// The last rule catches the probe of two quotes sent raw, whose literal
// holds one quote:
//
//	SELECT * FROM users WHERE name = '''' LIMIT 10
//
// Grey cases, decided on purpose (each has a test in sql_test.go):
//   - Constant lists are benign: "1, 2, 3" or "(1, 2, 3)" in an IN list,
//     with signed numbers, strings, NULL, TRUE, FALSE and balanced
//     parentheses. Identifiers are not constants: "1, id" turns
//     "id IN (1, id)" into a tautology. Parentheses that close before they
//     open ("1), (2") add rows or clauses: attack.
//   - Sort keys after ORDER BY or GROUP BY are benign: names, qualified
//     names and column numbers separated by commas, each with an optional
//     ASC or DESC and NULLS FIRST or NULLS LAST ("name DESC",
//     "t.a ASC, 2"). Any other keyword (LIMIT), function call, operator or
//     comment is an attack.
//   - A qualified name ("users.name") is benign anywhere, as one name is;
//     so is a list of names ("a, b.c", a column choice). A list mixing
//     names and constants is not ("id, 0").
//   - A whole expression ("1=1", "1 OR 1=1") and arithmetic ("5-1") are
//     attacks: they add operators.
//   - A run of keywords without operands ("ORDER BY", "IS NOT NULL",
//     "INSERT INTO", "SELECT *", "COUNT(*)") is benign: that is the
//     application's own text matching a search term. It is an attack when
//     one keyword combines values (OR, AND, XOR, UNION, LIKE, ...) or when
//     it starts with a value ("NULL IS NULL").
//   - Operators and punctuation without any operand ("][", "=("), or
//     parentheses around or after one operand ("(1)", "x)"), cannot
//     build an expression: benign. A call ("f()") is an attack.
//   - A comment the input opens is an attack, even when the input holds
//     all of it, except when it also ends the query and so hides nothing
//     ("id=-- admin" with input "-- admin").
//   - Placeholders in a multi-token input ("($1, $2)") are attacks: users
//     do not send bind parameters.
//
// Peers: Aikido Zen flags any input spanning several tokens (so it flags
// "name DESC" and "1, 2, 3") and lowercases query and input; Datadog's
// libddwaf needs four tokens, or a recognised tautology or comment, so it
// misses short structure changes such as "'-'" or "'||'". This detector
// flags every structure change an attacker can use and lets through the
// shapes applications build from user input on purpose (sort keys, id
// lists).
//
// Dialects: in "mysql" a backslash escapes the next byte in strings and
// "..." is a string; in "postgresql" a backslash is an ordinary byte in
// standard strings and an escape in E-strings:
//
//	'it\'s'    mysql: one literal        postgresql: literal 'it\', then s'...
//	E'it\'s'   postgresql: one literal
//
// "generic" is standard SQL, checked a second time as MySQL when the
// query holds a backslash, "#" or "/*": an attack if either reading says
// so, except that a query the MySQL reading alone leaves open (a value
// ending with a backslash, as Windows paths do) is not an attack by
// itself.
//
// Known limits: one identifier in a value position is one token, so it is
// allowed, although "id" sent where a number was expected makes
// "WHERE id = id" true for every row (peers allow it too: telling it from
// the application's own column names needs the query's grammar). The
// input is matched as the application could have written it (verbatim,
// quotes doubled or backslashed), not through other encodings.
func DetectSQL(query, input, dialect string) (Finding, bool) {
	if len(input) < 2 {
		return Finding{}, false
	}
	o := sqlOccurrences{input: input, first: strings.Index(query, input)}
	o.findEscaped(query)
	if o.first < 0 && !o.anyEscaped() {
		return Finding{}, false
	}
	if sqlPlainWord(input) { // never has escaped forms: no quote
		return Finding{}, false
	}
	o.last = sqlLastIndex(query, input, o.first)
	d, err := sqltoken.ParseDialect(dialect)
	if err != nil {
		d = sqltoken.Generic
	}
	if f, ok := detectSQL(query, &o, d, true); ok {
		return f, true
	}
	if d == sqltoken.Generic && (strings.ContainsAny(query, `\#`) || strings.Contains(query, "/*")) {
		// The MySQL reading of a query written for another database is
		// often left open by a trailing backslash in a value, and reads
		// its backslashes as escapes the application did not mean: only
		// the structure changes count there.
		return detectSQL(query, &o, sqltoken.MySQL, false)
	}
	return Finding{}, false
}

// sqlPlainWord reports whether input is made of word bytes only (ASCII
// letters and digits, "_", and bytes of non-ASCII characters) with no
// digit followed by a letter. Such an input lies inside one token wherever
// it occurs: in SQL, two tokens meet inside a run of word bytes only where
// a number ends and a word starts ("1abc" in PostgreSQL). It holds no
// quote, comment or escape byte, so it can leave nothing open either. No
// need to tokenize: it is safe.
func sqlPlainWord(input string) bool {
	for i := 0; i < len(input); i++ {
		c := input[i]
		switch {
		case '0' <= c && c <= '9':
			if i+1 < len(input) && !('0' <= input[i+1] && input[i+1] <= '9') {
				return false
			}
		case ('a' <= c|0x20 && c|0x20 <= 'z') || c == '_' || c >= 0x80:
		default:
			return false
		}
	}
	return true
}

// detectSQL checks every occurrence of the input in query. Unless primary
// is set (a second reading of the query), a query left open, or a quote
// kept in a literal by its escapes, is not by itself an attack.
//
// An escaped occurrence is what an application that escapes quotes
// inserted: it is safe when it stays inside one literal, and an attack
// when it still leaves it, as quotes doubled do in MySQL when the input's
// backslash escapes the first quote of a pair, and backslash escapes do in
// PostgreSQL's standard strings, where a backslash is an ordinary byte.
//
// Tokens before the first occurrence are skipped (sqltoken's SkipTo): only
// the tokens an occurrence covers are kept, a few, on the stack. The rare
// verdict that needs earlier tokens (is there an ORDER BY before these
// sort keys?) tokenizes the whole query again.
func detectSQL(query string, o *sqlOccurrences, d sqltoken.Dialect, primary bool) (Finding, bool) {
	var buf [24]sqltoken.Token
	f, ok, needAll := detectSQLFrom(buf[:0], query, o, d, primary, o.start())
	if needAll {
		return detectSQLAll(query, o, d, primary)
	}
	return f, ok
}

// detectSQLAll is detectSQL on all the tokens of query. It is not inlined
// so that its larger buffer is not zeroed on every call of detectSQL.
//
//go:noinline
func detectSQLAll(query string, o *sqlOccurrences, d sqltoken.Dialect, primary bool) (Finding, bool) {
	var buf [128]sqltoken.Token // a ~150-byte query has ~35 tokens besides blanks
	f, ok, _ := detectSQLFrom(buf[:0], query, o, d, primary, 0)
	return f, ok
}

// detectSQLFrom is detectSQL on the tokens from the one holding byte
// from, appended to dst. It reports needAll when a verdict needs the
// tokens before (an ORDER BY clause to find), so that the caller
// tokenizes from 0.
func detectSQLFrom(dst []sqltoken.Token, query string, o *sqlOccurrences, d sqltoken.Dialect, primary bool, from int) (f Finding, ok, needAll bool) {
	toks, err := sqlTokens(dst, query, o, d, from)
	sc := sqlScan{
		query: query, input: o.input, toks: toks, partial: from > 0,
		backslash: d.BackslashEscapes(), rawQuotes: primary, literal: -1,
	}
	input := o.input
	for s := o.first; s >= 0; {
		e := s + len(input)
		reason := sc.occurrenceReason(s, e)
		if sc.needAll {
			return Finding{}, false, true
		}
		if reason != "" {
			return sqlFinding(input, s, reason), true, false
		}
		if err != nil && primary && sqlCausesError(query, toks, input, s, e) {
			return sqlFinding(input, s, "input leaves the query unterminated ("+err.Error()+")"), true, false
		}
		if s == o.last {
			break
		}
		s = sqlNextIndex(query, input, s)
	}
	sc.rawQuotes = false
	for _, esc := range [...]struct {
		form  string
		first int
		how   string
	}{
		{o.doubled, o.doubledFirst, "escaped by doubling its quotes, "},
		{o.backslashed, o.bsFirst, "escaped with backslashes, "},
	} {
		for s := esc.first; s >= 0; {
			reason := sc.occurrenceReason(s, s+len(esc.form))
			if sc.needAll {
				return Finding{}, false, true
			}
			if reason != "" {
				return sqlFinding(input, s, esc.how+reason), true, false
			}
			s = sqlNextIndex(query, esc.form, s)
		}
	}
	return Finding{}, false, false
}

// sqlLastIndex returns the start of the last occurrence of s in query,
// the first of which is at first (-1: none). Searching forward, with the
// fast first-byte scan strings.Index does, beats strings.LastIndex.
func sqlLastIndex(query, s string, first int) int {
	last := first
	for last >= 0 {
		next := sqlNextIndex(query, s, last)
		if next < 0 {
			break
		}
		last = next
	}
	return last
}

// sqlNextIndex returns the start of the next occurrence of s in query
// after the one at prev, or -1.
func sqlNextIndex(query, s string, prev int) int {
	next := strings.Index(query[prev+1:], s)
	if next < 0 {
		return -1
	}
	return prev + 1 + next
}

// sqlTokens appends the tokens of query but blanks, from the one holding
// byte from, to dst, and the error of a construct left open. Tokens after
// the last occurrence of the input (verbatim or escaped) are needed only
// when the input ends with a quote or backslash, as it can leave the rest
// of the query open: otherwise tokenizing stops there.
func sqlTokens(dst []sqltoken.Token, query string, o *sqlOccurrences, d sqltoken.Dialect, from int) ([]sqltoken.Token, error) {
	stop := len(query)
	switch o.input[len(o.input)-1] {
	case '\'', '"', '`', '\\':
	default:
		stop = 0
		if o.last >= 0 {
			stop = o.last + len(o.input)
		}
		for _, form := range [...]string{o.doubled, o.backslashed} {
			if last := strings.LastIndex(query, form); form != "" && last >= 0 {
				stop = max(stop, last+len(form))
			}
		}
	}
	tz := sqltoken.New(query, d)
	tz.SkipTo(from)
	for {
		tok, ok := tz.Next()
		if !ok {
			return dst, tz.Err()
		}
		if tok.Kind != sqltoken.Space { // blanks never matter: gaps
			dst = append(dst, tok)
		}
		if tok.End >= stop {
			return dst, tz.Err()
		}
	}
}

func sqlFinding(input string, offset int, reason string) Finding {
	return Finding{Kind: "sqli", Input: input, Offset: offset, Reason: reason}
}

// sqlCausesError reports whether the occurrence [s, e) can be what left
// the query unterminated: the open construct starts inside or before it
// and the input holds a byte that opens or closes literals or comments,
// or it starts after it and the input ends with a quote or backslash,
// which shifts how the application's quotes pair up.
func sqlCausesError(query string, toks []sqltoken.Token, input string, s, e int) bool {
	u := toks[len(toks)-1] // the Unterminated token, always last
	if u.Start < e {
		return strings.ContainsAny(input, "'\"`\\$*/[]")
	}
	switch input[len(input)-1] {
	case '\'', '"', '`', '\\':
		return true
	}
	return false
}
