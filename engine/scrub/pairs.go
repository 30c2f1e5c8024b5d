package scrub

import "strings"

// hasPairByte reports whether t can hold a key=value or key: value pair.
func hasPairByte(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] == '=' || t[i] == ':' {
			return true
		}
	}
	return false
}

// pairSpans appends the values of the pairs of t whose key matches the key
// regex. A key is a run of letters, digits and _ . - (optionally quoted, as
// in JSON or SQL); it is followed, after optional spaces, by '=' or ':' and
// its value: a quoted string, or the bytes up to the next & ; , white space
// or closing bracket. A `://` is a URL scheme, not a pair. The scan goes on
// after each redacted value, so it takes time linear in len(t).
func (s *Scrubber) pairSpans(t string, spans []span) []span {
	for i := 0; i < len(t); i++ {
		if !isKeyByte(t[i]) || i > 0 && isKeyByte(t[i-1]) {
			continue
		}
		j := i
		for j < len(t) && isKeyByte(t[j]) {
			j++
		}
		key := t[i:j]
		k := j
		if k < len(t) && (t[k] == '"' || t[k] == '\'' || t[k] == '`') {
			k++ // closing quote of a quoted key
		}
		for k < len(t) && (t[k] == ' ' || t[k] == '\t') {
			k++
		}
		if k >= len(t) || t[k] != '=' && t[k] != ':' {
			i = j - 1
			continue
		}
		if t[k] == ':' && k+2 < len(t) && t[k+1] == '/' && t[k+2] == '/' {
			i = j - 1
			continue
		}
		colon := t[k] == ':'
		for k++; k < len(t) && (t[k] == ' ' || t[k] == '\t' || t[k] == '='); k++ {
		}
		if !s.keyMatch(key) {
			i = j - 1
			continue
		}
		start, end := valueSpan(t, k, colon)
		if end > start {
			spans = append(spans, span{start, end})
		}
		i = max(j, end) - 1 // the value is redacted whole: go on after it
	}
	return spans
}

// valueSpan returns the value that starts at i: the inside of a quoted
// string (SQL doubled quotes and backslash escapes stay inside; an
// unterminated string runs to the end), or an unquoted run. After ':' (a
// header line such as `Cookie: a=b; c=d`, or YAML) an unquoted value runs
// to the end of the line or of the JSON member; after '=' (a URL query, a
// form, SQL) to the next & ; , white space or closing bracket.
func valueSpan(t string, i int, colon bool) (int, int) {
	if i >= len(t) {
		return i, i
	}
	if q := t[i]; q == '"' || q == '\'' || q == '`' {
		j := i + 1
		for j < len(t) {
			switch t[j] {
			case '\\':
				j += 2
				continue
			case q:
				if j+1 < len(t) && t[j+1] == q {
					j += 2
					continue
				}
				return i + 1, j
			}
			j++
		}
		return i + 1, len(t)
	}
	j := i
	for ; j < len(t); j++ {
		if t[j] == '[' && strings.HasPrefix(t[j:], Redacted) {
			j += len(Redacted) - 1 // an earlier redaction is one unit
			continue
		}
		switch t[j] {
		case '\r', '\n', ',', ']', '}', '"':
			return i, j
		case '&', ';', ' ', '\t', ')', '\'':
			if !colon {
				return i, j
			}
		}
	}
	return i, j
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}
