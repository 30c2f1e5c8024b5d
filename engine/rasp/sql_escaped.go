package rasp

import "strings"

// sqlOccurrences says where to look for the input in the query: verbatim
// from first, and, when the input holds a quote, also as applications
// escape it: quotes doubled, or quotes and backslashes preceded by a
// backslash. -1 means nowhere.
type sqlOccurrences struct {
	input, doubled, backslashed  string
	first, doubledFirst, bsFirst int
	last                         int // the last verbatim occurrence
}

// findEscaped looks for the escaped forms of the input, when it holds a
// quote and the query holds that escaping at all (so an input with a
// quote costs an allocation only then).
func (o *sqlOccurrences) findEscaped(query string) {
	o.doubledFirst, o.bsFirst = -1, -1
	if strings.IndexByte(o.input, '\'') < 0 {
		return
	}
	if strings.Contains(query, "''") {
		o.doubled = strings.ReplaceAll(o.input, "'", "''")
		o.doubledFirst = strings.Index(query, o.doubled)
	}
	if strings.Contains(query, `\'`) {
		o.backslashed = sqlBackslashEscape(o.input)
		o.bsFirst = strings.Index(query, o.backslashed)
	}
}

// sqlBackslashEscape writes s as MySQL's escaping functions do for
// quotes and backslashes: \' and \\.
func sqlBackslashEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (o *sqlOccurrences) anyEscaped() bool { return o.doubledFirst >= 0 || o.bsFirst >= 0 }

// start returns where the first occurrence, verbatim or escaped, starts.
func (o *sqlOccurrences) start() int {
	start := -1
	for _, s := range [...]int{o.first, o.doubledFirst, o.bsFirst} {
		if s >= 0 && (start < 0 || s < start) {
			start = s
		}
	}
	return max(start, 0)
}
