package waf

import "strings"

// This file reads attribute values the way browsers do before they use
// them: character references decoded (&#106;avascript&colon;), the blanks
// and control bytes URL parsers drop skipped, and CSS comments and escapes
// removed (exp/**/ression, \65 xpression).

// refByte returns the byte at s[i] (i < end), decoding the character
// reference that starts there if any, and the index after it. Numeric
// references may have leading zeros and no ';', as browsers allow; a
// reference to a non-ASCII character decodes to 0xff, which matches no
// ASCII word. Of the named references, only those that hide a scheme or
// a CSS expression( are decoded (&Tab; &NewLine; &colon; &lpar;).
func refByte(s string, i, end int) (byte, int) {
	if s[i] != '&' || i+2 >= end {
		return s[i], i + 1
	}
	if s[i+1] != '#' {
		for _, r := range [...]struct {
			name string
			c    byte
		}{{"&tab;", '\t'}, {"&newline;", '\n'}, {"&colon;", ':'}, {"&lpar;", '('}} {
			if end-i >= len(r.name) && hasPrefixFold(s[i:end], r.name) {
				return r.c, i + len(r.name)
			}
		}
		return s[i], i + 1
	}
	j, base := i+2, 10
	if lowerByte(s[j]) == 'x' {
		j, base = j+1, 16
	}
	start, v := j, 0
	for ; j < end; j++ {
		d := hexValue(s[j])
		if d < 0 || d >= base {
			break
		}
		if v < 0x100 { // past that the character is not ASCII anyway
			v = v*base + d
		}
	}
	if j == start {
		return s[i], i + 1
	}
	if j < end && s[j] == ';' {
		j++
	}
	if v > 0x7f {
		return 0xff, j
	}
	return byte(v), j
}

// hexValue returns the value of the hexadecimal digit c, or -1.
func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case lowerByte(c) >= 'a' && lowerByte(c) <= 'f':
		return int(lowerByte(c)-'a') + 10
	}
	return -1
}

// scriptSchemes are the URL schemes that run script when a link or a frame
// is followed; vbs: is Internet Explorer's short form of vbscript:, and
// mhtml: made it render a web archive (with its scripts) from any URL.
var scriptSchemes = [...]string{"javascript", "vbscript", "vbs", "livescript", "mocha", "mhtml"}

// activeDataTypes are the media types of data: URLs that a frame, an
// object or an SVG <use> renders as a document that may run script.
// Prefixes of the type: image/svg covers image/svg+xml.
var activeDataTypes = [...]string{
	"text/html", "image/svg", "application/xhtml", "text/xml", "application/xml",
	"text/javascript", "application/javascript", "application/x-javascript",
	"text/ecmascript", "application/ecmascript", "text/x-scriptlet", "application/x-shockwave",
}

// valueScriptURL reports whether the attribute value s[i:end], as a
// browser decodes it, is a URL that runs script (see scriptURL), and
// where its scheme starts: URL parsers drop leading blanks and control
// bytes.
func valueScriptURL(s string, i, end int) (int, bool) {
	for i < end {
		c, next := refByte(s, i, end)
		if c > ' ' {
			_, ok := scriptURL(s, i, end)
			return i, ok
		}
		i = next
	}
	return 0, false
}

// scriptURL reports whether s[i:end], as a browser decodes it, starts
// with a URL that runs script: a script scheme or a data: URL of an active
// type. It returns where the scheme (with the media type, for data:) ends.
func scriptURL(s string, i, end int) (after int, ok bool) {
	if i >= end {
		return 0, false
	}
	first, _ := refByte(s, i, end)
	first = lowerByte(first)
	for _, scheme := range scriptSchemes {
		if scheme[0] != first {
			continue
		}
		if j, ok := matchWord(s, i, end, scheme); ok {
			if j = colonAt(s, j, end); j >= 0 {
				return j, true
			}
		}
	}
	if first != 'd' {
		return 0, false
	}
	j, ok := matchWord(s, i, end, "data")
	if !ok {
		return 0, false
	}
	if j = colonAt(s, j, end); j < 0 {
		return 0, false
	}
	for j < end && s[j] <= ' ' {
		j++
	}
	for _, t := range activeDataTypes {
		if k, ok := matchWord(s, j, end, t); ok {
			return k, true
		}
	}
	return 0, false
}

// matchWord reports whether s[i:end] starts with the lower-case word w as
// a browser decodes it: ignoring ASCII case, with character references
// decoded and, after the first letter, blanks and control bytes skipped
// (browsers drop tabs and newlines from URLs, old ones NUL bytes too:
// "java\tscript:", "jav&#x09;ascript:"). It returns the index after the
// match.
func matchWord(s string, i, end int, w string) (int, bool) {
	for k := 0; k < len(w); {
		if i >= end {
			return 0, false
		}
		c, next := refByte(s, i, end)
		switch {
		case lowerByte(c) == w[k]:
			k++
		case k > 0 && c <= ' ':
		default:
			return 0, false
		}
		i = next
	}
	return i, true
}

// colonAt returns the index after the ':' (or reference to one) at s[i:],
// after blanks and control bytes, or -1.
func colonAt(s string, i, end int) int {
	for i < end {
		c, next := refByte(s, i, end)
		switch {
		case c == ':':
			return next
		case c > ' ':
			return -1
		}
		i = next
	}
	return -1
}

// cssNeedles are what cssScript looks for, with blanks and comments
// removed and in lower case. The British behaviour: and a bare binding:
// run nothing in any browser, but only payloads write them.
var cssNeedles = [...]string{"expression(", "javascript:", "vbscript:", "livescript:",
	"behavior:", "behaviour:", "binding:", "@import"}

// cssScript reports where the CSS s[i:end] (a style attribute's value or
// a <style> element's content) holds what makes CSS run script: an
// Internet Explorer expression(, behavior: or a script URL, a Mozilla
// -moz-binding:, or an @import of another style sheet (which may hold
// them). It reads the CSS as the browser does: character
// references decoded, comments and blanks dropped, escapes (\65 , \e)
// decoded, case ignored. The last bytes read are kept in a small ring, so
// no allocation is needed and each byte is read once.
func cssScript(s string, i, end int) (int, bool) {
	const ring = 16 // longer than any needle
	var tail [ring]byte
	var pos [ring]int
	n := 0
	for i < end {
		at := i
		c, next := refByte(s, i, end)
		switch {
		case c == '/' && next < end && s[next] == '*':
			k := strings.Index(s[next+1:end], "*/")
			if k < 0 {
				return 0, false
			}
			i = next + 1 + k + 2
			continue
		case c == '\\':
			c, next = cssEscape(s, next, end)
		}
		i = next
		if c <= ' ' {
			continue
		}
		tail[n%ring], pos[n%ring] = lowerByte(c), at
		n++
		if c != '(' && c != ':' && c != 't' {
			continue // the last byte of no needle
		}
	needles:
		for _, w := range cssNeedles {
			if n < len(w) {
				continue
			}
			for k := 0; k < len(w); k++ {
				if tail[(n-len(w)+k)%ring] != w[k] {
					continue needles
				}
			}
			return pos[(n-len(w))%ring], true
		}
	}
	return 0, false
}

// cssEscape decodes the CSS escape whose backslash is just before s[i]:
// up to six hexadecimal digits and one optional blank, or one escaped
// byte. A non-ASCII character decodes to 0xff, an escaped newline (a line
// continuation) to a blank.
func cssEscape(s string, i, end int) (byte, int) {
	if i >= end {
		return '\\', i
	}
	j, v := i, 0
	for ; j < end && j-i < 6; j++ {
		d := hexValue(s[j])
		if d < 0 {
			break
		}
		v = v*16 + d
	}
	if j == i {
		if s[i] == '\n' {
			return ' ', i + 1
		}
		return s[i], i + 1
	}
	if j < end && isHTMLSpace(s[j]) {
		j++
	}
	if v > 0x7f {
		return 0xff, j
	}
	return byte(v), j
}
