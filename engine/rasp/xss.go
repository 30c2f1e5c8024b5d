package rasp

import (
	"strings"
)

// TemplateXSS reports whether input appears unescaped in the rendered HTML
// output html while holding HTML syntax. See DetectTemplateXSS.
func TemplateXSS(html, input string) bool {
	_, ok := DetectTemplateXSS(html, input)
	return ok
}

// DetectTemplateXSS is the template cross-site scripting detector.
//
// What it detects: a request input holding HTML syntax that occurs
// verbatim, unescaped, in the HTML a template rendered, where that syntax
// changes the page. html/template escapes what it inserts ("<" becomes
// "&lt;", quotes "&#34;", unsafe URLs "#ZgotmplZ"), so an input that
// carries markup and still occurs byte for byte reached the page as markup,
// through text/template, template.HTML or hand-built strings.
//
// HTML syntax is any of (ASCII case-insensitive):
//   - a tag, end tag, comment or declaration: "<" followed by a letter,
//     "/" and a letter, "!" or "?" ("<script", "<svg/onload", "</title>");
//   - an event-handler attribute: "on", three or more letters, "="
//     ("onerror=", "onfocus =", "/onload=");
//   - a script URL: javascript:, vbscript: or livescript:, also with tabs
//     or newlines inside and with letters or ":" written as character
//     references (&#106;avascript&colon;), and data:text/html;
//   - the srcdoc attribute, or a CSS expression( .
//
// Script URLs count in URL attributes (href, src, action, formaction...),
// CSS expressions in style attributes.
//
// Inputs without such syntax never match ("O'Reilly", "a > b", "I <3 Go",
// "onion=3"). An input with such syntax is an attack when, at one of its
// occurrences, the page's HTML tokenizer (a small state machine here)
// sees the input start markup: a tag in text, an event handler or srcdoc
// attribute inside a tag (also after the input closed an attribute
// value's quote), a script URL at the start of an attribute value, the end
// of a comment or of a <script>, <style>, <textarea> or <title> element.
// "javascript:alert(1)" printed as paragraph text, or "<b>" inside a
// quoted attribute value, is inert and not flagged: that is what
// html/template produces for such inputs in those places.
//
// Not judged either: an input that is one bare tag without attributes
// ("<p>", "</div>", "<script>"), since the page's own markup often holds
// the same bytes and such a tag alone runs nothing.
//
// Limits: injections inside JavaScript or CSS code that do not close the
// <script> or <style> element are not detected. Applications that render
// sanitized user HTML (bluemonday and the like) will see the harmless tags
// the sanitizer kept (<b>) flagged, and should set this protection to
// monitor for those fields.
//
// Arguments: html is the rendered output; input a request value. Inputs
// shorter than 2 bytes or absent from html never match.
//
// Example: DetectTemplateXSS("<p>Hello <script>alert(1)</script></p>",
// "<script>alert(1)</script>").
func DetectTemplateXSS(html, input string) (Finding, bool) {
	if len(input) < 2 {
		return Finding{}, false
	}
	at := strings.Index(html, input)
	if at < 0 || htmlSyntax(input) == "" || isBareTag(input) {
		return Finding{}, false
	}
	// One pass over the page; cover tracks the occurrences seen so far.
	var h htmlScanner
	occStart, coverEnd := at, at+len(input)
	nextOcc := nextIndex(html, input, at)
	for i := 0; i < len(html); {
		for nextOcc >= 0 && nextOcc <= i {
			occStart, coverEnd = nextOcc, nextOcc+len(input)
			nextOcc = nextIndex(html, input, nextOcc)
		}
		if i >= coverEnd && nextOcc < 0 {
			break
		}
		next, event := h.step(html, i)
		if event != "" && i+1 >= occStart && i < coverEnd {
			return Finding{Kind: "xss", Input: input, Offset: occStart, Reason: "input adds " + event + ", unescaped"}, true
		}
		i = next
	}
	return Finding{}, false
}

// nextIndex returns the start of the occurrence of input after the one at
// prev, or -1.
func nextIndex(s, input string, prev int) int {
	j := strings.Index(s[prev+1:], input)
	if j < 0 {
		return -1
	}
	return prev + 1 + j
}

// isBareTag reports whether s is one tag without attributes ("<p>",
// "</div>", "<br/>"): alone it runs no script, and the page's own markup
// often holds the same bytes, so such inputs are not judged.
func isBareTag(s string) bool {
	if len(s) < 3 || s[0] != '<' || s[len(s)-1] != '>' {
		return false
	}
	body := strings.TrimSuffix(strings.TrimPrefix(s[1:len(s)-1], "/"), "/")
	if body == "" || !isASCIILetter(body[0]) {
		return false
	}
	for i := 1; i < len(body); i++ {
		if !isAlnum(body[i]) {
			return false
		}
	}
	return true
}

// htmlSyntax names the first HTML syntax found in s, or returns "".
func htmlSyntax(s string) string {
	for i := 0; i < len(s); i++ {
		if !htmlSyntaxLead(s[i]) {
			continue // no construct starts at s[i]: most bytes of a benign value
		}
		if why := htmlSyntaxAt(s, i); why != "" {
			return why
		}
	}
	return ""
}

// htmlSyntaxAt names the HTML syntax that starts at s[i], or returns "".
func htmlSyntaxAt(s string, i int) string {
	switch c := s[i] | 0x20; {
	case s[i] == '<' && i+1 < len(s):
		n := s[i+1]
		if isASCIILetter(n) || n == '!' || n == '?' || n == '/' && i+2 < len(s) && isASCIILetter(s[i+2]) {
			return "an HTML tag"
		}
	case c == 'o':
		if eventHandlerAt(s, i) {
			return "an event-handler attribute"
		}
	case c == 'j' || c == 'v' || c == 'l' || s[i] == '&':
		if scriptURLAt(s, i) {
			return "a script URL"
		}
	case c == 'd':
		if hasFoldPrefix(s[i:], "data:text/html") {
			return "a data:text/html URL"
		}
	case c == 's':
		if hasFoldPrefix(s[i:], "srcdoc") && equalsFollows(s, i+len("srcdoc")) {
			return "a srcdoc attribute"
		}
	case c == 'e':
		if hasFoldPrefix(s[i:], "expression(") {
			return "a CSS expression"
		}
	}
	return ""
}

// htmlSyntaxLead reports whether one of htmlSyntaxAt's cases starts at
// the byte c: '<' and '&', or a letter that starts one of its words in
// either case (o for on..., j, v and l for the script URLs, d for data:,
// s for srcdoc, e for expression). Testing it first takes a benign
// value's other bytes through one test each, where the cases' tests in
// turn took most of a browser's header values through nine: about a
// third less time for four of them (BenchmarkXSSInputBrowserHeaders,
// 0.7 to 0.9 -> 0.55 to 0.75 us).
// TestHTMLSyntaxLead and FuzzHTMLSyntaxLead check it against the cases.
func htmlSyntaxLead(c byte) bool {
	if c < 64 {
		return htmlSyntaxLeadLow&(1<<c) != 0
	}
	return c < 128 && htmlSyntaxLeadLetters&(1<<(c-64)) != 0
}

// The bytes of htmlSyntaxLead: below 64, and from 64 on (bit c-64; a
// lower-case letter is its upper case's bit 32 higher).
const (
	htmlSyntaxLeadLow     = 1<<'<' | 1<<'&'
	htmlSyntaxLeadLetters = (1<<('O'-64) | 1<<('J'-64) | 1<<('V'-64) | 1<<('L'-64) | 1<<('D'-64) | 1<<('S'-64) | 1<<('E'-64)) * (1 + 1<<32)
)

// eventHandlerAt reports whether s[i:] starts an event-handler attribute:
// on + 3 or more letters + optional blanks + "=", not preceded by a letter
// or digit.
func eventHandlerAt(s string, i int) bool {
	if i+1 >= len(s) || s[i+1]|0x20 != 'n' || i > 0 && isAlnum(s[i-1]) {
		return false
	}
	j := i + 2
	for j < len(s) && isASCIILetter(s[j]) {
		j++
	}
	return j-(i+2) >= 3 && equalsFollows(s, j)
}

// equalsFollows reports whether s[j:] is optional blanks then "=".
func equalsFollows(s string, j int) bool {
	for j < len(s) && isHTMLSpace(s[j]) {
		j++
	}
	return j < len(s) && s[j] == '='
}

// scriptURLAt reports whether s[i:] starts javascript:, vbscript: or
// livescript:, ignoring tabs and newlines and with ":" possibly written
// as a character reference.
func scriptURLAt(s string, i int) bool {
	if i > 0 && isASCIILetter(s[i-1]) {
		return false
	}
	for _, scheme := range [...]string{"javascript", "vbscript", "livescript"} {
		j, ok := foldPrefixSkipping(s, i, scheme)
		if !ok {
			continue
		}
		for j < len(s) && isHTMLSpace(s[j]) {
			j++
		}
		if colonAt(s, j) {
			return true
		}
	}
	return false
}

// foldPrefixSkipping matches word at s[i:] case-insensitively, decoding
// character references and skipping tabs, newlines and carriage returns
// (which URL parsers drop); it returns the index after the match.
func foldPrefixSkipping(s string, i int, word string) (int, bool) {
	for k := 0; k < len(word); {
		if i >= len(s) {
			return 0, false
		}
		switch c, next := decodedByteAt(s, i); {
		case c == '\t' || c == '\n' || c == '\r':
			i = next
		case c|0x20 == word[k]:
			i = next
			k++
		default:
			return 0, false
		}
	}
	return i, true
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isAlnum(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'
}
