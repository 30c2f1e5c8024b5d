package waf

import libinjection "github.com/corazawaf/libinjection-go"

// IsSQLi reports whether the request value s looks like a SQL injection,
// with no knowledge of the query it may reach. See DetectSQLi.
func IsSQLi(s string) bool {
	_, ok := DetectSQLi(s)
	return ok
}

// DetectSQLi reports whether the request value s looks like a SQL
// injection and, if so, why: libinjection's fingerprint, or the SQL
// construct the structural check found after the value's break-out.
// Values shorter than 2 bytes and values that hold only words, digits and
// harmless punctuation are answered without tokenizing.
func DetectSQLi(s string) (Match, bool) {
	if len(s) < 2 || sqlInert(s) {
		return Match{}, false
	}
	return detectSQLi(s)
}

// detectSQLi runs both checks, without the pre-filter.
func detectSQLi(s string) (Match, bool) {
	if ok, fp := libinjection.IsSQLi(s); ok {
		return Match{By: ByLibinjection, Fingerprint: fp, Offset: -1}, true
	}
	if name, off, ok := structuralSQLi(s); ok {
		return Match{By: ByStructure, Fingerprint: name, Offset: off}, true
	}
	return Match{}, false
}

// sqlInert reports whether s cannot change the structure of a SQL query:
// it has no byte with a meaning in SQL beyond words (no quote, operator,
// parenthesis, comment or separator), and none of its words is a keyword
// that joins two expressions or starts a statement (so `1 or 1` and
// `1 union select x from t` are not inert, `John Smith, Jr.` is).
func sqlInert(s string) bool {
	spaced := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$': // starts a dollar-quoted string ($$...$$) in PostgreSQL
			return false
		case isWordByte(c), c == '.':
		case c == ' ' || c == ',':
			spaced = true
		default:
			return false
		}
	}
	if !spaced {
		return true // one word or number: nothing to join
	}
	for i := 0; i < len(s); {
		for i < len(s) && !isWordByte(s[i]) {
			i++
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if j > i && keywordClass(s[i:j]) != 0 {
			return false
		}
		i = j
	}
	return true
}
