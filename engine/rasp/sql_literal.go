package rasp

import (
	"strings"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

// sqlRawQuoteReason checks an occurrence [s, e) that lies inside the
// string literal or quoted identifier t. When the input holds t's quote,
// an application that escaped it produced a literal whose value still
// holds the input (O'Reilly is written 'O”Reilly', whose value is
// O'Reilly). When the value does not hold the input, the input's quotes
// were read as syntax, an escape, not as data: the application inserted
// the input raw and only the pairing of its quotes kept the literal
// closed (” sent into '<v>' gives ””, whose value is ').
func sqlRawQuoteReason(query, input string, t sqltoken.Token, s, e int, backslash bool) string {
	text := query[t.Start:t.End]
	if text[0] == '$' || text[0] == '[' {
		return "" // dollar quotes and brackets have no escapes
	}
	open := strings.IndexAny(text, "'\"`")
	if open < 0 {
		return ""
	}
	q := text[open]
	if strings.IndexByte(input, q) < 0 {
		return ""
	}
	cs, ce := t.Start+open+1, t.End-1
	if s < cs || e > ce {
		return "" // the input supplies a delimiter: a whole literal
	}
	escapes := t.Kind == sqltoken.String && (backslash || (open == 1 && text[0]|0x20 == 'e'))
	var buf [256]byte
	value := buf[:0]
	for i := cs; i < ce; i++ {
		c := query[i]
		if (c == q || (c == '\\' && escapes)) && i+1 < ce {
			i++
			c = query[i]
		}
		value = append(value, c)
	}
	if sqlBytesContain(value, input) {
		return ""
	}
	return "input's quote is read as an escape, not as data: the input reached the " + t.Kind.String() + " unescaped"
}

// sqlBytesContain reports whether b holds s, without allocating.
func sqlBytesContain(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if b[i] == s[0] && string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}
