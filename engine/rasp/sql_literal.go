package rasp

import (
	"strings"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

// rawQuoteReason checks an occurrence [s, e) that lies inside the string
// literal or quoted identifier toks[i]. When the input holds the
// literal's quote, an application that escaped it (doubling the quote)
// produced a literal whose value still holds the input: O'Reilly becomes
// a literal whose value is O'Reilly. When the value does not hold the
// input, the input's quotes were read as syntax, an escape, not as data:
// the application inserted the input raw and only the pairing of its
// quotes kept the literal closed. Two quotes sent into a quoted template
// give four quotes in a row: a literal whose value is one quote.
func (sc *sqlScan) rawQuoteReason(i, s, e int) string {
	t := sc.toks[i]
	text := sc.query[t.Start:t.End]
	if text[0] == '$' || text[0] == '[' {
		return "" // dollar quotes and brackets have no escapes
	}
	open := strings.IndexAny(text, "'\"`")
	if open < 0 || strings.IndexByte(sc.input, text[open]) < 0 {
		return ""
	}
	if s < t.Start+open+1 || e > t.End-1 {
		return "" // the input supplies a delimiter: a whole literal
	}
	if sc.literal != i {
		escapes := t.Kind == sqltoken.String && (sc.backslash || (open == 1 && text[0]|0x20 == 'e'))
		sc.literal, sc.holds = i, sqlValueHolds(text[open+1:len(text)-1], text[open], escapes, sc.input)
	}
	if sc.holds {
		return ""
	}
	return "input's quote is read as an escape, not as data: the input reached the " + t.Kind.String() + " unescaped"
}

// sqlValueHolds reports whether the value of a literal whose content
// (between its quotes q) is content holds input, where a doubled q stands
// for one. A backslash escape (when escapes is set) is kept as written:
// \' keeps a quote in a MySQL literal whoever wrote it, so only quotes
// paired by doubling count as the input's quotes read as syntax.
func sqlValueHolds(content string, q byte, escapes bool, input string) bool {
	var buf [256]byte
	value := buf[:0]
	for i := 0; i < len(content); i++ {
		c := content[i]
		switch {
		case c == '\\' && escapes && i+1 < len(content):
			value = append(value, c)
			i++
			c = content[i]
		case c == q && i+1 < len(content):
			i++
		}
		value = append(value, c)
	}
	return sqlBytesContain(value, input)
}

// sqlBytesContain reports whether b holds s. Short values are searched
// in place; long ones (rare: they cost a copy) with strings.Index, which
// stays linear on adversarial input.
func sqlBytesContain(b []byte, s string) bool {
	if len(b) > 256 {
		return strings.Contains(string(b), s)
	}
	for i := 0; i+len(s) <= len(b); i++ {
		if b[i] == s[0] && string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}

// sqlClosingLen returns the length of the delimiter that closes t when it
// cannot be doubled: the tag of a dollar quote, the ] of a SQLite
// [identifier], the */ of a block comment; otherwise 0. (A quote can be
// doubled, so an input ending with one inside a literal may be data:
// rawQuoteReason and sqlCausesError judge those.) An input that starts
// inside t and ends inside that delimiter closed t before the
// application's own delimiter, which is left outside: "x$" sent into
// $$<v>$$, "t]" into [<v>], "x */" into a comment.
func sqlClosingLen(query string, t sqltoken.Token) int {
	text := query[t.Start:t.End]
	switch {
	case t.Kind == sqltoken.Comment && strings.HasPrefix(text, "/*"):
		return 2
	case text[0] == '$' && t.Kind == sqltoken.String:
		return strings.IndexByte(text[1:], '$') + 2
	case text[0] == '[' && t.Kind == sqltoken.QuotedIdent:
		return 1
	}
	return 0
}
