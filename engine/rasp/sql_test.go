package rasp

import (
	"strings"
	"testing"
)

type sqlCase struct {
	name    string
	dialect string
	query   string
	input   string
	attack  bool
}

// sqlDialects are the dialects a case with an empty dialect runs in.
var sqlDialects = []string{"postgresql", "mysql", "sqlite", "generic"}

func runSQLCases(t *testing.T, cases []sqlCase) {
	t.Helper()
	for _, tc := range cases {
		dialects := sqlDialects
		if tc.dialect != "" {
			dialects = []string{tc.dialect}
		}
		for _, d := range dialects {
			f, got := DetectSQL(tc.query, tc.input, d)
			if got != tc.attack {
				t.Errorf("%s [%s]: DetectSQL(%q, %q) = %v (%s), want %v", tc.name, d, tc.query, tc.input, got, f.Reason, tc.attack)
				continue
			}
			if got != SQLInjection(tc.query, tc.input, d) {
				t.Errorf("%s [%s]: SQLInjection disagrees with DetectSQL", tc.name, d)
			}
			if got && (f.Kind != "sqli" || f.Input != tc.input || f.Reason == "" ||
				f.Offset < 0 || !sqlFindingAt(tc.query, f)) {
				t.Errorf("%s [%s]: bad finding %+v", tc.name, d, f)
			}
		}
	}
}

// sqlFindingAt reports whether the finding's offset points at its input
// in query, verbatim or with its quotes doubled.
func sqlFindingAt(query string, f Finding) bool {
	if f.Offset < 0 || f.Offset > len(query) {
		return false
	}
	rest := query[f.Offset:]
	return strings.HasPrefix(rest, f.Input) || strings.HasPrefix(rest, strings.ReplaceAll(f.Input, "'", "''")) ||
		strings.HasPrefix(rest, sqlBackslashEscape(f.Input))
}

func TestSQLInjectionBasics(t *testing.T) {
	runSQLCases(t, []sqlCase{
		{"too short", "", "SELECT * FROM t WHERE a = ''' LIMIT 1", "'", false},
		{"empty input", "", "SELECT 1", "", false},
		{"not found", "", "SELECT * FROM t WHERE id = 1", "id = 'x'", false},
		{"case matters", "", "SELECT * FROM t WHERE a = 'x' or 1=1", "X' OR 1=1", false},
		{"inside literal", "", "SELECT * FROM t WHERE name = 'john doe'", "john doe", false},
		{"escaped payload stays in literal", "", "SELECT * FROM t WHERE name = ''' OR 1=1 --' LIMIT 1", "' OR 1=1 --", false},
		{"escaped quotes", "", "SELECT * FROM t WHERE name = 'say '''' twice'", "say '' twice", false},
		{"raw quotes kept in literal by pairing", "", "SELECT * FROM t WHERE name = '''' LIMIT 1", "''", true},
		{"raw quotes paired inside", "", "SELECT * FROM t WHERE name = 'a''b' LIMIT 1", "a''b", true},
		{"whole literal in a bare context", "", "SELECT * FROM t WHERE id = 'it''s'", "'it''s'", false},
		{"leaves literal: tautology", "", "SELECT * FROM t WHERE name = '' OR 1=1 --' LIMIT 1", "' OR 1=1 --", true},
		{"leaves literal: short", "", "SELECT * FROM t WHERE name = ''-'' LIMIT 1", "'-'", true},
		{"leaves literal: union", "", "SELECT * FROM t WHERE name = 'x' UNION SELECT password FROM users --'", "x' UNION SELECT password FROM users --", true},
		{"stacked query", "", "SELECT * FROM t WHERE name = 'x'; DROP TABLE users; --'", "x'; DROP TABLE users; --", true},
		{"quote left open", "", "SELECT * FROM t WHERE name = 'abc'' LIMIT 10", "abc'", true},
		{"quote opened inside input", "", "SELECT * FROM t WHERE id = 1 AND x = 'a", "1 AND x = 'a", true},
		{"unterminated elsewhere, plain input", "", "SELECT * FROM t WHERE a = 'john' AND b = 'open", "john", false},
		{"whole literal with quotes", "", "INSERT INTO u (a, b) VALUES ('John', 'Doe')", "'John'", false},
		{"two literals", "", "INSERT INTO u (a, b) VALUES ('John', 'Doe')", "John', 'Doe", true},
		{"literal and comma", "", "INSERT INTO u (a, b) VALUES ('John', 'Doe')", "John',", true},
		{"every occurrence is checked", "", "SELECT 'x OR 1=1' FROM t WHERE id = x OR 1=1", "x OR 1=1", true},
		{"every occurrence safe", "", "SELECT 'a b' FROM t WHERE c = 'a b'", "a b", false},
		{"whitespace around one token", "", "INSERT INTO pets (kind) VALUES ('cat')", " INTO ", false},
		{"only blanks", "", "INSERT  INTO t VALUES (1)", "  ", false},
		{"newline in literal", "", "SELECT * FROM t WHERE a = 'x\ny'", "x\ny", false},
		{"multiline attack", "", "SELECT * FROM t WHERE id = 'a'\nOR 1=1#'", "a'\nOR 1=1#", true},
	})
}

func TestSQLInjectionNumericContext(t *testing.T) {
	runSQLCases(t, []sqlCase{
		{"number", "", "SELECT * FROM t WHERE id = 123", "123", false},
		{"negative number", "", "SELECT * FROM t WHERE id = -1", "-1", false},
		{"negative number, no blank", "", "SELECT * FROM t WHERE id=-12", "-12", false},
		{"decimal", "", "SELECT * FROM t WHERE price > 12.50", "12.50", false},
		{"tautology", "", "SELECT * FROM t WHERE id = 1 OR 1=1", "1 OR 1=1", true},
		{"tautology with blanks", "", "SELECT * FROM t WHERE id = 1 OR 1 = 1", "1 OR 1 = 1", true},
		{"whole expression 1=1", "", "SELECT * FROM t WHERE 1=1", "1=1", true},
		{"arithmetic", "", "SELECT * FROM t WHERE id = 5-1", "5-1", true},
		{"or identifier", "", "SELECT * FROM t WHERE id = 1 OR id", "1 OR id", true},
		{"function call", "", "SELECT * FROM t WHERE id = 187 AND SLEEP(5)", "187 AND SLEEP(5)", true},
		{"function call in literal", "", "SELECT * FROM t WHERE id = '187 AND SLEEP(5)'", "187 AND SLEEP(5)", false},
		{"union", "", "SELECT a FROM t WHERE id = 1 UNION SELECT password FROM users", "1 UNION SELECT password FROM users", true},
		{"comment after number", "", "SELECT * FROM t WHERE id = 1 -- AND deleted = false", "1 --", true},
		{"semicolon", "", "SELECT * FROM t WHERE id = 1;", "1;", true},
		{"cast", "postgresql", "SELECT * FROM t WHERE id = 1::int", "1::int", true},
		{"placeholders", "", "INSERT INTO cats (name, age) VALUES ($1, $2)", "($1, $2)", true},
		{"named placeholders", "mysql", "INSERT INTO cats (name, age) VALUES (:name, :age)", "(:name, :age)", true},
		{"number glued to a word", "postgresql", "SELECT * FROM t WHERE id = 1abc", "1abc", true},
		{"number glued to a word, mysql identifier", "mysql", "SELECT * FROM t WHERE id = 1abc", "1abc", false},
		{"digits then underscore", "postgresql", "SELECT * FROM t WHERE id = 1_a", "1_a", true},
		{"plain word in a number", "postgresql", "SELECT * FROM t WHERE id = 1abc", "abc", false},
		{"plain words", "", "SELECT café, x2 FROM t WHERE id = 42", "café", false},
	})
}

func TestSQLInjectionGreyCases(t *testing.T) {
	runSQLCases(t, []sqlCase{
		// Constant lists.
		{"in list", "", "SELECT * FROM t WHERE id IN (1, 2, 3)", "1, 2, 3", false},
		{"in list with parens", "", "SELECT * FROM t WHERE id IN (1, 2, 3, 4, 5);", "(1, 2, 3, 4, 5)", false},
		{"in list no blanks", "", "SELECT * FROM t WHERE id IN (13,14,15)", "13,14,15", false},
		{"in list signed and strings", "", "SELECT * FROM t WHERE id IN (-1, 'a', NULL)", "-1, 'a', NULL", false},
		{"in list with identifier", "", "SELECT * FROM t WHERE id IN (1, id)", "1, id", true},
		{"in list closes paren", "", "SELECT * FROM t WHERE id IN (13, 14, 154) OR (1=1)", "13, 14, 154) OR (1=1", true},
		{"extra row", "", "INSERT INTO t (a) VALUES (1), (2)", "1), (2", true},
		{"list then operator", "", "SELECT * FROM t WHERE id IN (1, 2+3)", "1, 2+3", true},
		// Sort keys.
		{"order by name desc", "", "SELECT * FROM users ORDER BY name DESC", "name DESC", false},
		{"order by name asc", "", "SELECT * FROM users ORDER BY created_at ASC", "created_at ASC", false},
		{"order by qualified list", "", "SELECT * FROM t ORDER BY t.a ASC, 2 DESC NULLS LAST", "t.a ASC, 2 DESC NULLS LAST", false},
		{"order by second key", "", "SELECT * FROM t ORDER BY a, b DESC", "b DESC", false},
		{"order by quoted", "postgresql", "SELECT * FROM t ORDER BY \"t\".\"a\" DESC", "\"t\".\"a\" DESC", false},
		{"group by list", "", "SELECT count(*) FROM t GROUP BY a, b.c", "a, b.c", false},
		{"name list", "", "SELECT a, b FROM t", "a, b", false},
		{"names and constants", "", "SELECT * FROM t WHERE id IN (id, 0)", "id, 0", true},
		{"order by limit", "", "SELECT * FROM t ORDER BY date DESC LIMIT 1", "date DESC LIMIT 1", true},
		{"order by function", "", "SELECT * FROM t ORDER BY UPPER(name) ASC", "UPPER(name) ASC", true},
		{"order by comment", "", "SELECT * FROM t ORDER BY name -- x", "name --", true},
		{"order by subquery", "", "SELECT * FROM t ORDER BY (SELECT 1)", "(SELECT 1)", true},
		{"order by condition", "", "SELECT * FROM t ORDER BY CASE WHEN (1=1) THEN a ELSE b END", "CASE WHEN (1=1) THEN a ELSE b END", true},
		{"sort shape outside order by", "", "SELECT name DESC FROM t", "name DESC", true},
		{"two names", "", "SELECT * FROM orders alpha", "orders alpha", true},
		// Names.
		{"qualified name", "", "SELECT o.total AS sum FROM orders o", "o.total", false},
		{"qualified name with keyword part", "", "SELECT t.key FROM t", "t.key", false},
		{"name and operator", "", "SELECT * FROM a JOIN b ON a.id = b.id", "= b.id", true},
		// Keyword runs.
		{"keywords: order by", "", "SELECT a FROM t ORDER BY a", "ORDER BY", false},
		{"keywords: insert into", "", "INSERT INTO t (a) VALUES (1)", "INSERT INTO", false},
		{"keywords: is not null", "", "SELECT * FROM t WHERE a IS NOT NULL", "IS NOT NULL", false},
		{"keywords: not exists", "", "SELECT * FROM t WHERE NOT EXISTS (SELECT 1)", "NOT EXISTS", false},
		{"keywords: null is null", "", "SELECT * FROM t WHERE id = NULL IS NULL", "NULL IS NULL", true},
		{"keywords: or true", "", "SELECT * FROM t WHERE a = 1 AND b = TRUE OR TRUE", "TRUE OR TRUE", true},
		{"keywords: union select null", "", "SELECT a FROM t WHERE id = NULL UNION SELECT NULL", "NULL UNION SELECT NULL", true},
		{"keyword and name", "", "INSERT INTO users (a) VALUES (1)", "INTO users", true},
		// No operands.
		{"brackets", "postgresql", "SELECT ][ FROM t", "][", false},
		{"sqlite: bracket left open", "sqlite", "SELECT ][ FROM t", "][", true},
		{"operator alone", "", "SELECT && FROM t", "&&", false},
		{"one operand in parens", "", "SELECT * FROM t WHERE id IN ((1))", "(1)", false},
		{"one operand closing a paren", "", "SELECT * FROM t WHERE (id = x)", "x)", false},
		{"call", "", "SELECT * FROM t WHERE id = foobar()", "foobar()", true},
		{"keyword operator between parens", "", "SELECT * FROM t WHERE (a = 1) OR (b = 2)", ") OR (", true},
		{"select star", "", "SELECT * FROM t WHERE a = 'b'", "SELECT *", false},
		{"count star", "", "SELECT COUNT(*) FROM t WHERE a = 'b'", "SELECT COUNT(*)", false},
		{"count star alone", "", "SELECT COUNT(*) FROM t", "COUNT(*)", false},
		{"count of a column", "", "SELECT COUNT(id) FROM t", "COUNT(id)", true},
		{"count star and more", "", "SELECT * FROM t WHERE 1 = COUNT(*) OR 1", "COUNT(*) OR 1", true},
		{"star after a value", "", "SELECT * FROM t WHERE a = 2 * 3", "2 * 3", true},
		// Comments.
		{"input inside comment", "", "SELECT 1 -- page/42", "page/42", false},
		{"input inside block comment", "", "SELECT 1 /* page/42 */", "page/42", false},
		{"input in literal and comment", "", "SELECT 'page/42' -- page/42", "page/42", false},
		{"comment ends the query", "", "SELECT v FROM t WHERE id=-- root", "-- root", false},
		{"comment hides the rest", "", "SELECT * FROM c WHERE name = -- AND\ntenant = 'acme'", "--", true},
		{"comment at the start", "", "-- note\nSELECT * FROM t", "-- note", true},
		{"comment and number", "", "SELECT 1 -- page/42", "1 -- page/42", true},
		{"block comment and number", "", "SELECT 1 /* page/42 */", "1 /* page/42 */", true},
		{"leaves comment", "", "SELECT 1 /* x */ OR 1=1 /* y */", "x */ OR 1=1 /* y", true},
		{"input completes --", "postgresql", "SELECT * FROM t WHERE a = 5 -- AND b = 2", "- AND b = 2", true},
		{"input completes -- inside the comment", "postgresql", "SELECT * FROM t WHERE a = -- AND b = 2", "- AND b", true},
		{"input completes /*", "", "SELECT * FROM t WHERE a = 1 /* x */", "* x *", true},
		{"input inside a comment's text", "", "SELECT 1 /* x y */", " x y ", false},
		{"comment inside input", "", "SELECT * FROM t WHERE id = 1/**/OR/**/1=1", "1/**/OR/**/1=1", true},
	})
}

func TestSQLInjectionDialects(t *testing.T) {
	runSQLCases(t, []sqlCase{
		// Backslashes.
		{"mysql: escaped with backslashes", "mysql", `SELECT * FROM t WHERE a = 'x\\\' OR 1=1 -- '`, `x\' OR 1=1 -- `, false},
		{"mysql: escaped by doubling", "mysql", `SELECT * FROM t WHERE a = '1'' OR 1=1 # '`, `1' OR 1=1 # `, false},
		{"mysql: quotes doubled, backslash escapes the first", "mysql", `SELECT * FROM t WHERE a = '\'' OR 1=1 -- '`, `\' OR 1=1 -- `, true},
		{"postgresql: quotes doubled, backslash is a byte", "postgresql", `SELECT * FROM t WHERE a = '\'' OR 1=1 -- '`, `\' OR 1=1 -- `, false},
		{"postgresql: quotes doubled in an E-string", "postgresql", `SELECT * FROM t WHERE a = E'\'' OR 1=1 -- '`, `\' OR 1=1 -- `, true},
		{"generic: quotes doubled, MySQL reading", "generic", `SELECT * FROM t WHERE a = '\'' OR 1=1 -- '`, `\' OR 1=1 -- `, true},
		{"O'Reilly doubled", "", "SELECT * FROM t WHERE a = 'O''Reilly' AND b = 'x''y'", "O'Reilly", false},
		{"mysql: raw, kept in literal by its own backslash", "mysql", `SELECT * FROM t WHERE a = 'x\' OR 1=1 -- '`, `x\' OR 1=1 -- `, false},
		{"mysql: backslash-escaped quote stays in literal", "mysql", `SELECT * FROM t WHERE a = 'it\'s'`, "it's", false},
		{"postgresql: backslash-escaped quote ends the literal", "postgresql", `SELECT * FROM t WHERE a = 'x\' OR 1=1 -- '`, "x' OR 1=1 -- ", true},
		{"sqlite: backslash-escaped quote ends the literal", "sqlite", `SELECT * FROM t WHERE a = 'x\' OR 1=1 -- '`, "x' OR 1=1 -- ", true},
		{"postgresql: E-string backslash escape", "postgresql", `SELECT * FROM t WHERE a = E'x\' OR 1=1 -- '`, "x' OR 1=1 -- ", false},
		{"postgresql: backslash does not escape", "postgresql", `SELECT * FROM t WHERE a = 'x\' OR 1=1 -- '`, `x\' OR 1=1 -- `, true},
		{"sqlite: backslash does not escape", "sqlite", `SELECT * FROM t WHERE a = 'x\' OR 1=1 -- '`, `x\' OR 1=1 -- `, true},
		{"generic: either reading", "generic", `SELECT * FROM t WHERE a = 'x\' OR 1=1 -- '`, `x\' OR 1=1 -- `, true},
		{"postgresql: E-string escapes", "postgresql", `SELECT * FROM t WHERE a = E'\'OR 1=1--'`, "'OR 1=1--", false},
		{"postgresql: standard string", "postgresql", `SELECT * FROM t WHERE a = '\'OR 1=1--'`, "'OR 1=1--", true},
		{"mysql: backslash escapes the closing quote", "mysql", `SELECT * FROM t WHERE a = 'x\' AND b = 'y'`, `x\`, true},
		{"mysql: trailing backslash, query left open", "mysql", `SELECT * FROM t WHERE id = 'users\'`, `users\`, true},
		{"postgresql: trailing backslash is a byte", "postgresql", `SELECT * FROM t WHERE id = 'users\'`, `users\`, false},
		{"mysql: escaped backslash", "mysql", `SELECT * FROM t WHERE id = 'users\\'`, `users\\`, false},
		{"generic: hash comment as mysql", "generic", "SELECT * FROM t WHERE id = 1 # x", "1 #", true},
		// Double quotes.
		{"mysql: double-quoted literal", "mysql", `SELECT * FROM t WHERE a = "' OR 1=1 -- "`, "' OR 1=1 -- ", false},
		{"postgresql: quoted identifier", "postgresql", `SELECT * FROM t WHERE a = "' OR 1=1 -- "`, "' OR 1=1 -- ", false},
		{"leaves double quotes", "mysql", `SELECT * FROM t WHERE c = "say "hi" now"`, `say "hi" now`, true},
		{"single quote in double-quoted literal", "mysql", `SELECT * FROM t WHERE c = "I'm here"`, "I'm here", false},
		// Backticks and brackets.
		{"mysql: backticked name", "mysql", "INSERT INTO `users` (a) VALUES ('x')", "`users`", false},
		{"mysql: leaves backticks", "mysql", "SELECT * FROM `lo`gs`", "`lo`gs", true},
		{"mysql: quote in backticks", "mysql", "SELECT * FROM `comm'ents`", "comm'ents", false},
		{"sqlite: brackets", "sqlite", "SELECT * FROM [my table] WHERE a = 1", "my table", false},
		{"sqlite: leaves brackets", "sqlite", "SELECT * FROM [t] WHERE a = 1 OR 1=1", "t] WHERE a = 1 OR 1=1", true},
		// Dollar quotes.
		{"postgresql: dollar-quoted literal", "postgresql", "SELECT * FROM t WHERE id = $$' OR 1=1 -- $$", "' OR 1=1 -- ", false},
		{"postgresql: tagged dollar quote", "postgresql", "SELECT * FROM t WHERE id = $n$1; DROP TABLE t; -- $n$", "1; DROP TABLE t; -- ", false},
		{"postgresql: leaves dollar quote", "postgresql", "SELECT * FROM t WHERE id = $$1$$ OR 1=1 -- $$", "1$$ OR 1=1 -- ", true},
		{"postgresql: input closes the dollar quote", "postgresql", "SELECT * FROM t WHERE a = $$x$$$ OR 1=1", "x$", true},
		{"sqlite: input closes the brackets", "sqlite", "SELECT * FROM [t]] WHERE 1", "t]", true},
		{"input closes the comment", "", "SELECT 1 /* x */ */", "x */", true},
		{"line comment end is no delimiter", "", "SELECT 1 -- a note\nFROM t", "a note", false},
		{"postgresql: dollar sign inside a dollar quote", "postgresql", "SELECT * FROM t WHERE a = $$costs $5$$", "costs $5", false},
		{"postgresql: leaves tagged dollar quote", "postgresql", "SELECT * FROM t WHERE id = $n$1$n$ OR 1=1 -- $n$", "1$n$ OR 1=1 -- ", true},
		// Comments by dialect.
		{"mysql: hash comment", "mysql", "SELECT * FROM t WHERE id = '1' OR 1=1 # '", "1' OR 1=1 # ", true},
		{"mysql: hash in escaped literal", "mysql", "SELECT * FROM t WHERE id = '1'' OR 1=1 # '", "1' OR 1=1 # ", false},
		{"mysql: hashtag in literal", "mysql", "SELECT * FROM h WHERE name = '#hashtag'", "#hashtag", false},
		{"mysql: executable comment", "mysql", "SELECT * FROM t WHERE id = 1 /*!50000 UNION SELECT 1 */", "/*!50000 UNION SELECT 1 */", true},
		{"postgresql: nested comment", "postgresql", "SELECT 1 /* a /* b */ c */", "a /* b */ c", false},
		// Several statements.
		{"pairs then a stacked query", "postgresql", `SELECT * FROM "acct" WHERE "login" ~ 'x''y''';SELECT pg_sleep(5);--;' LIMIT 5`, "x''y''';SELECT pg_sleep(5);--", true},
	})
}

func TestDetectSQLFinding(t *testing.T) {
	q := "SELECT * FROM t WHERE a = 'safe' AND b = 'x' OR 1=1 --'"
	f, ok := DetectSQL(q, "x' OR 1=1 --", "postgresql")
	if !ok {
		t.Fatal("no finding")
	}
	if f.Kind != "sqli" || f.Input != "x' OR 1=1 --" || f.Offset != strings.Index(q, "x' OR") {
		t.Errorf("finding %+v", f)
	}
	for _, want := range []string{"leaves a string", "keyword OR", "operator =", "comment"} {
		if !strings.Contains(f.Reason, want) {
			t.Errorf("reason %q does not mention %q", f.Reason, want)
		}
	}
	// The second occurrence is the offending one.
	q = "SELECT 'a OR b' FROM t WHERE x = a OR b"
	f, ok = DetectSQL(q, "a OR b", "generic")
	if !ok || f.Offset != strings.LastIndex(q, "a OR b") {
		t.Errorf("finding %+v, %v; want the second occurrence", f, ok)
	}
	// An unknown dialect is read as generic.
	if !SQLInjection("SELECT * FROM t WHERE id = 1 OR 1=1", "1 OR 1=1", "oracle") {
		t.Error("unknown dialect: tautology not found")
	}
}

// TestSQLManyOccurrences: a literal holding the input thousands of times
// is decoded once, and the verdict still depends on escaping.
func TestSQLManyOccurrences(t *testing.T) {
	value := strings.Repeat("''", 20000)
	escaped := "SELECT * FROM t WHERE a = '" + strings.ReplaceAll(value, "'", "''") + "'"
	raw := "SELECT * FROM t WHERE a = '" + value + "'"
	for _, d := range sqlDialects {
		if SQLInjection(escaped, value, d) {
			t.Errorf("%s: escaped value flagged", d)
		}
		if SQLInjection(escaped, "''", d) {
			t.Errorf("%s: escaped pair flagged", d)
		}
		if !SQLInjection(raw, value, d) {
			t.Errorf("%s: raw quotes not flagged", d)
		}
	}
}

// TestSQLLongQuery: queries with more tokens than fit on the stack, and
// inputs spanning many tokens, give the same verdicts.
func TestSQLLongQuery(t *testing.T) {
	ids := strings.TrimSuffix(strings.Repeat("7, ", 300), ", ")
	q := "SELECT * FROM t WHERE id IN (" + ids + ") AND name = 'bob'"
	if SQLInjection(q, ids, "postgresql") {
		t.Error("long constant list flagged")
	}
	if SQLInjection(q, "bob", "postgresql") {
		t.Error("literal after many tokens flagged")
	}
	attack := ids + ") OR (1=1"
	q = "SELECT * FROM t WHERE id IN (" + attack + ")"
	f, ok := DetectSQL(q, attack, "postgresql")
	if !ok {
		t.Fatal("long attack not flagged")
	}
	if !strings.HasSuffix(f.Reason, ", ...") {
		t.Errorf("reason %q does not end the list of crossed tokens with ...", f.Reason)
	}
}
