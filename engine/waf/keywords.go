package waf

// kwClass is a set of roles a SQL word plays for the structural check.
type kwClass uint16

const (
	kwContinue  kwClass = 1 << iota // may directly follow a broken-out literal
	kwStatement                     // starts a statement (after ';')
	kwSelect                        // SELECT
	kwSetOp                         // UNION, INTERSECT, EXCEPT, ALL, DISTINCT
	kwCase                          // CASE
	kwWhen                          // WHEN
	kwWaitfor                       // WAITFOR
	kwDelay                         // DELAY, TIME
	kwProcedure                     // PROCEDURE
	kwAnalyse                       // ANALYSE
	kwFunction                      // a time, error, file or command function
	kwObject                        // what DROP, CREATE, ALTER, TRUNCATE act on
	kwBool                          // AND, OR, XOR, WHERE, HAVING: a condition follows
	kwCompare                       // LIKE, IS, IN, BETWEEN, ...: compares two operands
)

// keywordClass returns the roles of the word w, case-insensitively; 0 for
// a word that is no keyword of interest. Words longer than the longest
// keyword are answered without a lookup.
func keywordClass(w string) kwClass {
	var buf [32]byte
	if len(w) > len(buf) {
		return 0
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(w)]) {
	case "and", "or", "xor", "where", "having":
		return kwContinue | kwBool
	case "not", "like", "rlike", "regexp", "in", "is", "between":
		return kwContinue | kwCompare
	case "ilike", "glob":
		return kwCompare
	case "order", "group", "limit", "into", "collate", "div", "mod":
		return kwContinue
	case "union", "intersect", "except":
		return kwContinue | kwSetOp
	case "all", "distinct":
		return kwSetOp
	case "select":
		return kwContinue | kwStatement | kwSelect
	case "waitfor":
		return kwContinue | kwStatement | kwWaitfor
	case "insert", "update", "delete", "drop", "create", "alter", "truncate",
		"exec", "execute", "declare", "shutdown":
		return kwStatement
	case "table", "database", "schema", "view", "index", "user", "login",
		"function", "trigger":
		return kwObject
	case "procedure":
		return kwContinue | kwProcedure | kwObject
	case "case":
		return kwCase
	case "when":
		return kwWhen
	case "delay", "time":
		return kwDelay
	case "analyse", "analyze":
		return kwAnalyse
	case "sleep", "pg_sleep", "benchmark", "extractvalue", "updatexml", "iif",
		"generate_series", "regexp_substring", "randomblob", "load_file",
		"xp_cmdshell", "dbms_lock.sleep", "dbms_pipe.receive_message",
		"utl_inaddr.get_host_address", "utl_http.request", "sys.fn_sqlvarbasetostr",
		"pg_read_file", "lo_import", "lo_export", "sp_oacreate", "sp_executesql":
		return kwFunction
	}
	return 0
}

// equalFold reports whether w equals the lower-case ASCII keyword kw,
// ignoring ASCII case.
func equalFold(w, kw string) bool {
	return len(w) == len(kw) && hasPrefixFold(w, kw)
}

// hasPrefixFold reports whether w starts with the lower-case ASCII prefix
// p, ignoring ASCII case.
func hasPrefixFold(w, p string) bool {
	if len(w) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}
