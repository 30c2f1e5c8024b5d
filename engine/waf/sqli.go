package waf

// IsSQLi reports whether the request value s looks like a SQL injection,
// with no knowledge of the query it may reach. See DetectSQLi.
func IsSQLi(s string) bool {
	_, ok := DetectSQLi(s)
	return ok
}

// DetectSQLi reports whether the request value s looks like a SQL
// injection and, if so, why: the SQL construct the structural check found
// after the value's break-out, and where (see structuralSQLi). Values
// shorter than 2 bytes and values that hold only words, digits and
// harmless punctuation are answered without tokenizing.
func DetectSQLi(s string) (Match, bool) {
	if len(s) < 2 || sqlInert(s) {
		return Match{}, false
	}
	return detectSQLi(s)
}

// detectSQLi runs the check without the pre-filter.
func detectSQLi(s string) (Match, bool) {
	if name, off, ok := structuralSQLi(s); ok {
		return Match{By: ByStructure, Fingerprint: name, Offset: off}, true
	}
	return Match{}, false
}

// sqlInert reports whether s cannot change the structure of a SQL query.
// It is deliberately simple and conservative, and the tests check it
// against the full checks (on the corpora, on every short combination of
// keywords, numbers and the bytes it lets through, and by fuzzing):
//
//   - s is made only of ASCII letters and digits, '_', '.', '@', bytes
//     >= 0x80, spaces, commas, and hyphens between two letters or digits
//     (en-US, 2024-01-31, a UUID): no quote, operator, parenthesis,
//     comment or separator;
//   - no run of letters in s is a word SQL gives a meaning between two
//     values (or, and, not, is, like, null, union, ...), also when glued to
//     a number before it (1union, 0x1anot): the lexer splits a keyword
//     off the number it is glued to, as MySQL reads it.
//
// A value that is one word of ASCII letters and nothing else is inert
// whatever the word, `true`, `null` or `union` included: a single keyword
// is no injection (TestSingleWordInert runs the full checks on every word
// of the lists in any case). Such values (`true`, `asc`, `all`) are common.
//
// So `John Smith, Jr.`, `jane.doe@example.com` and `true` are inert, `1 or
// 1`, `1,1union` and `x or@` are not.
func sqlInert(s string) bool {
	letters := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isLetter(c):
		case isDigit(c), c == '_', c == '.', c == '@', c == ' ', c == ',', c >= 0x80:
			letters = false
		case c == '-' && i > 0 && i+1 < len(s) && isASCIIAlnum(s[i-1]) && isASCIIAlnum(s[i+1]):
			letters = false
		default:
			return false
		}
	}
	if letters {
		return true
	}
	for i := 0; i < len(s); {
		for i < len(s) && !isLetter(s[i]) {
			i++
		}
		j := i
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		if j > i {
			if sqlWord(s[i:j]) {
				return false
			}
			if i > 0 && isDigit(s[i-1]) { // glued to a number: 0x1anot
				for k := i + 1; k < j; k++ {
					if sqlWord(s[k:j]) {
						return false
					}
				}
			}
		}
		i = j
	}
	return true
}

// sqlWord reports whether w is a word that means something between two
// values in SQL: a keyword of the structural check, or an operator or
// literal word.
func sqlWord(w string) bool {
	if len(w) < 2 || len(w) > 9 {
		return len(w) > 9 && keywordClass(w) != 0
	}
	var buf [9]byte
	for i := 0; i < len(w); i++ {
		buf[i] = lowerByte(w[i])
	}
	switch string(buf[:len(w)]) {
	case "null", "true", "false", "ilike", "glob", "match", "similar", "sounds", "escape",
		"against", "binary", "minus", "unknown", "exists", "any", "some":
		return true
	}
	return keywordClass(w) != 0
}

func isASCIIAlnum(c byte) bool { return isLetter(c) || isDigit(c) }
