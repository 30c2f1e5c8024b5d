package rules

import (
	"html"
	"strings"
	"unicode/utf8"
)

// urlDecode decodes %XX escapes and '+' (as a space). An invalid escape is
// kept as it is, as browsers and most servers do. s is returned as is, with
// no allocation, when it holds nothing to decode.
func urlDecode(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// htmlDecode decodes HTML character references (&lt; &#60; &#x3c;).
func htmlDecode(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return html.UnescapeString(s)
}

// unicodeNormalize folds the Unicode forms attackers use to slip ASCII
// syntax past filters: full-width forms U+FF01..U+FF5E become their ASCII
// counterparts, the ideographic space becomes a space, and zero-width
// characters are removed. It is the subset of NFKC that matters for
// injection syntax, without a dependency on golang.org/x/text.
func unicodeNormalize(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteByte(byte(r - 0xFF01 + 0x21))
		case r == 0x3000:
			b.WriteByte(' ')
		case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
