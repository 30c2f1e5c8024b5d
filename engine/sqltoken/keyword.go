package sqltoken

// maxKeyword is the length of the longest keyword.
const maxKeyword = 17

// keywords is the keyword list: reserved and structural words of the SQL
// standard, PostgreSQL, MySQL and SQLite that change what a statement
// does. Function names (version, sleep, pg_sleep, ...) are identifiers.
var keywords = map[string]struct{}{
	"ADD": {}, "ALL": {}, "ALTER": {}, "ANALYZE": {}, "AND": {}, "ANY": {},
	"AS": {}, "ASC": {}, "ATTACH": {}, "BEGIN": {}, "BETWEEN": {}, "BINARY": {},
	"BY": {}, "CALL": {}, "CASCADE": {}, "CASE": {}, "CAST": {}, "CHECK": {},
	"COLLATE": {}, "COLUMN": {}, "COMMIT": {}, "CONFLICT": {}, "CONSTRAINT": {},
	"COPY": {}, "CREATE": {}, "CROSS": {}, "CURRENT_DATE": {}, "CURRENT_TIME": {},
	"CURRENT_TIMESTAMP": {}, "CURRENT_USER": {}, "DATABASE": {}, "DEALLOCATE": {},
	"DECLARE": {}, "DEFAULT": {}, "DELAY": {}, "DELETE": {}, "DESC": {},
	"DESCRIBE": {}, "DETACH": {}, "DISTINCT": {}, "DIV": {}, "DO": {}, "DROP": {},
	"DUPLICATE": {}, "ELSE": {}, "END": {}, "ESCAPE": {}, "EXCEPT": {}, "EXEC": {},
	"EXECUTE": {}, "EXISTS": {}, "EXPLAIN": {}, "FALSE": {}, "FETCH": {}, "FIRST": {},
	"FOR": {}, "FOREIGN": {}, "FROM": {}, "FULL": {}, "FUNCTION": {}, "GLOB": {},
	"GRANT": {}, "GROUP": {}, "HANDLER": {}, "HAVING": {}, "IF": {}, "IGNORE": {},
	"ILIKE": {}, "IN": {}, "INDEX": {}, "INFILE": {}, "INNER": {}, "INSERT": {},
	"INTERSECT": {}, "INTO": {}, "IS": {}, "ISNULL": {}, "JOIN": {}, "KEY": {},
	"LAST": {}, "LATERAL": {}, "LEFT": {}, "LIKE": {}, "LIMIT": {}, "LOAD": {},
	"LOCK": {}, "MATCH": {}, "MINUS": {}, "MOD": {}, "NATURAL": {}, "NOT": {},
	"NOTNULL": {}, "NOTHING": {}, "NULL": {}, "NULLS": {}, "OFFSET": {}, "ON": {},
	"OR": {}, "ORDER": {}, "OUTER": {}, "OUTFILE": {}, "OVER": {}, "PARTITION": {},
	"PRAGMA": {}, "PREPARE": {}, "PRIMARY": {}, "PROCEDURE": {}, "REFERENCES": {},
	"REGEXP": {}, "RELEASE": {}, "RENAME": {}, "REPLACE": {}, "RETURNING": {},
	"REVOKE": {}, "RIGHT": {}, "RLIKE": {}, "ROLLBACK": {}, "SAVEPOINT": {},
	"SELECT": {}, "SESSION_USER": {}, "SET": {}, "SHOW": {}, "SHUTDOWN": {},
	"SIMILAR": {}, "SOME": {}, "TABLE": {}, "THEN": {}, "TO": {}, "TOP": {},
	"TRIGGER": {}, "TRUE": {}, "TRUNCATE": {}, "UNION": {}, "UNIQUE": {},
	"UPDATE": {}, "USE": {}, "USING": {}, "VACUUM": {}, "VALUES": {}, "VIEW": {},
	"WAITFOR": {}, "WHEN": {}, "WHERE": {}, "WINDOW": {}, "WITH": {}, "XOR": {},
}

// IsKeyword reports whether word is on the keyword list, ignoring ASCII
// case. It does not allocate.
func IsKeyword(word string) bool {
	if len(word) < 2 || len(word) > maxKeyword {
		return false
	}
	var buf [maxKeyword]byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case ('A' <= c && c <= 'Z') || c == '_':
		default:
			return false
		}
		buf[i] = c
	}
	_, ok := keywords[string(buf[:len(word)])]
	return ok
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
