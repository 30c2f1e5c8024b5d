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
//     ends outside it, opens one that runs past its end, or supplies the
//     closing delimiter of a dollar quote, SQLite [identifier] or block
//     comment it started in;
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
