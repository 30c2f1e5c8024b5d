package sqltoken

// maxKeyword is the length of the longest keyword.
const maxKeyword = 17

// keywordList is the keyword list, in upper case: reserved and structural
// words of the SQL standard, PostgreSQL, MySQL and SQLite that change what
// a statement does. Function names (version, sleep, pg_sleep, ...) are
// identifiers.
var keywordList = [...]string{
	"ADD", "ALL", "ALTER", "ANALYZE", "AND", "ANY", "AS", "ASC", "ATTACH",
	"BEGIN", "BETWEEN", "BINARY", "BY", "CALL", "CASCADE", "CASE", "CAST",
	"CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "COPY",
	"CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
	"CURRENT_USER", "DATABASE", "DEALLOCATE", "DECLARE", "DEFAULT", "DELAY",
	"DELETE", "DESC", "DESCRIBE", "DETACH", "DISTINCT", "DIV", "DO", "DROP",
	"DUPLICATE", "ELSE", "END", "ESCAPE", "EXCEPT", "EXEC", "EXECUTE", "EXISTS",
	"EXPLAIN", "FALSE", "FETCH", "FIRST", "FOR", "FOREIGN", "FROM", "FULL",
	"FUNCTION", "GLOB", "GRANT", "GROUP", "HANDLER", "HAVING", "IF", "IGNORE",
	"ILIKE", "IN", "INDEX", "INFILE", "INNER", "INSERT", "INTERSECT", "INTO",
	"IS", "ISNULL", "JOIN", "KEY", "LAST", "LATERAL", "LEFT", "LIKE", "LIMIT",
	"LOAD", "LOCK", "MATCH", "MINUS", "MOD", "NATURAL", "NOT", "NOTHING",
	"NOTNULL", "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER",
	"OUTFILE", "OVER", "PARTITION", "PRAGMA", "PREPARE", "PRIMARY", "PROCEDURE",
	"REFERENCES", "REGEXP", "RELEASE", "RENAME", "REPLACE", "RETURNING",
	"REVOKE", "RIGHT", "RLIKE", "ROLLBACK", "SAVEPOINT", "SELECT",
	"SESSION_USER", "SET", "SHOW", "SHUTDOWN", "SIMILAR", "SOME", "TABLE",
	"THEN", "TO", "TOP", "TRIGGER", "TRUE", "TRUNCATE", "UNION", "UNIQUE",
	"UPDATE", "USE", "USING", "VACUUM", "VALUES", "VIEW", "WAITFOR", "WHEN",
	"WHERE", "WINDOW", "WITH", "XOR",
}

// keywordIndex holds keywordList by length and first letter, so a lookup
// compares a word with a few candidates at most. Built once, never
// modified.
var keywordIndex = indexKeywords()

func indexKeywords() [maxKeyword + 1][26][]string {
	var idx [maxKeyword + 1][26][]string
	for _, w := range keywordList {
		c := w[0] - 'A'
		idx[len(w)][c] = append(idx[len(w)][c], w)
	}
	return idx
}

// IsKeyword reports whether word is on the keyword list, ignoring ASCII
// case. It does not allocate.
func IsKeyword(word string) bool {
	if len(word) < 2 || len(word) > maxKeyword {
		return false
	}
	c := word[0] | 0x20
	if c < 'a' || c > 'z' {
		return false
	}
	for _, kw := range keywordIndex[len(word)][c-'a'] {
		if EqualFold(word, kw) {
			return true
		}
	}
	return false
}

// EqualFold reports whether the token text equals the upper-case ASCII
// word kw, ignoring case. It does not allocate.
func EqualFold(text, kw string) bool {
	if len(text) != len(kw) {
		return false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != kw[i] {
			return false
		}
	}
	return true
}
