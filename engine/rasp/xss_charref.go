package rasp

// This file decodes the HTML character references that hide script URLs
// in attribute values ("&#106;avascript:", "java&Tab;script&colon;"): the
// browser decodes them before it reads the URL.

// charRefAt decodes an ASCII character reference starting at s[i] ("&"):
// decimal (&#106; &#0106), hexadecimal (&#x6a;) or one of the named
// references used to hide URLs (&Tab; &NewLine; &colon;). The ";" of a
// numeric reference is optional, as browsers allow. It returns the byte
// and the index after the reference.
func charRefAt(s string, i int) (byte, int, bool) {
	if i+2 >= len(s) || s[i] != '&' {
		return 0, 0, false
	}
	if s[i+1] != '#' {
		for _, named := range [...]struct {
			name string
			c    byte
		}{{"&tab;", '\t'}, {"&newline;", '\n'}, {"&colon;", ':'}} {
			if hasFoldPrefix(s[i:], named.name) {
				return named.c, i + len(named.name), true
			}
		}
		return 0, 0, false
	}
	j, base := i+2, 10
	if s[j]|0x20 == 'x' {
		j, base = j+1, 16
	}
	start, v := j, 0
	for ; j < len(s); j++ {
		d := hexDigit(s[j])
		if d < 0 || d >= base {
			break
		}
		if v = v*base + d; v > 0x7f {
			return 0, 0, false // not ASCII: never part of a scheme name
		}
	}
	if j == start {
		return 0, 0, false
	}
	if j < len(s) && s[j] == ';' {
		j++
	}
	return byte(v), j, true
}

func hexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c|0x20 && c|0x20 <= 'f':
		return int(c|0x20-'a') + 10
	}
	return -1
}

// colonAt reports whether s[i:] starts with ":" or a reference to it.
func colonAt(s string, i int) bool {
	if i < len(s) && s[i] == ':' {
		return true
	}
	c, _, ok := charRefAt(s, i)
	return ok && c == ':'
}

// decodedByteAt returns the byte at s[i], decoding a character reference,
// and the index after it.
func decodedByteAt(s string, i int) (byte, int) {
	if s[i] == '&' {
		if c, next, ok := charRefAt(s, i); ok {
			return c, next
		}
	}
	return s[i], i + 1
}
