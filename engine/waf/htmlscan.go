package waf

import "strings"

// This file holds the HTML side of DetectXSS: a tokenizer that reads a
// request value the way a browser's HTML tokenizer would read it once
// placed in a page, and the judgement of the tags and attributes it meets.
//
// The tokenizer is deliberately lenient where browsers and sanitizers
// disagree: a '<' followed by a letter, '!' or '?' always starts a new tag,
// even inside a tag name or a quoted attribute value, and comments,
// CDATA sections and raw-text elements (<style>, <textarea>, ...) are read
// as markup too. A browser would see text there, but the same bytes become
// markup as soon as a parser of another kind (a sanitizer, an old browser,
// a template that ends the comment or the element early) reads them, which
// is what nested and mutation payloads (`<scr<script>ipt>`, `<!--<img
// src=x onerror=...>`, `<p title="</p><img ...>">`) rely on. Ordinary text
// rarely holds a '<' directly followed by a letter, so this costs little.

// htmlScript reports the first construct of s that runs or loads script
// when s is placed in a page as text, or as the value of a double-quoted,
// single-quoted, backtick-quoted (old Internet Explorer) or unquoted
// attribute: there, the first byte that ends the value puts the rest of s
// between the attributes of the page's tag. It returns a short reason and
// the byte offset of the construct; a weak finding (endTagReason) only
// when no place gives another.
func htmlScript(s string) (string, int, bool) {
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '=') < 0 {
		return "", 0, false // no tag, no attribute value: nothing below can match
	}
	weak, weakAt := "", 0
	for place := range 5 {
		i, inTag := placeStart(s, place)
		if i < 0 {
			continue
		}
		switch reason, at, ok := scanHTML(s, i, inTag); {
		case !ok:
		case reason != endTagReason:
			return reason, at, true
		case weak == "":
			weak, weakAt = reason, at
		}
	}
	return weak, weakAt, weak != ""
}

// placeStart returns where, and in which state, s is read as HTML for
// each place it can land in: 0 text, 1 to 3 an attribute value in
// double quotes, single quotes or backticks (read after the first such
// quote, between attributes), 4 an unquoted value (read after the first blank, between
// attributes, or after the first '>', in text). It returns -1 when s has
// no byte that leaves the value.
func placeStart(s string, place int) (int, bool) {
	switch place {
	case 0:
		return 0, false
	case 1, 2, 3:
		if j := strings.IndexByte(s, "\"'`"[place-1]); j >= 0 {
			return j + 1, true
		}
		return -1, false
	}
	for j := 0; j < len(s); j++ {
		if isHTMLSpace(s[j]) || s[j] == '>' {
			return j + 1, s[j] != '>'
		}
	}
	return -1, false
}

// tagKind tells apart the tags whose attributes are judged differently.
type tagKind uint8

const (
	tagOther tagKind = iota // any other tag, or the page's tag after a break-out
	tagStyle                // <style>: its content is CSS
	tagMeta                 // <meta>: a refresh, a cookie or UTF-7 changes the page
	tagLink                 // <link>: href loads a style sheet or an import
	tagBase                 // <base>: href moves every relative script URL
	tagXSLT                 // <?xml-stylesheet?>: href loads XSLT or CSS
	tagLayer                // <layer>, <ilayer>, <xml>: src loads a document
)

// loadingTags are the tags of kinds other than tagOther, by name.
var loadingTags = [...]struct {
	name string
	kind tagKind
}{
	{"style", tagStyle}, {"meta", tagMeta}, {"link", tagLink}, {"base", tagBase},
	{"xml-stylesheet", tagXSLT}, {"layer", tagLayer}, {"ilayer", tagLayer}, {"xml", tagLayer},
}

// runningTags are the elements that run or load script or active content
// by their mere presence, with the reason reported. import is Internet
// Explorer's <?import> of behaviours (HTML+TIME), vmlframe its VML frame.
var runningTags = [...]struct{ name, reason string }{
	{"script", "script tag"},
	{"iframe", "iframe tag"},
	{"frame", "frame tag"},
	{"object", "object tag"},
	{"embed", "embed tag"},
	{"applet", "applet tag"},
	{"portal", "portal tag"},
	{"import", "import tag"},
	{"vmlframe", "vmlframe tag"},
}

// scanHTML reads s from byte i as HTML, in text or, when inTag is set,
// between the attributes of a tag, and reports the first construct that
// runs script. A </script> end tag after code is reported only when
// nothing else is found: what follows it (<img onerror=...>) names the
// attack better. Every byte is read a bounded number of times (the CSS of
// a <style> element twice), so the time is linear in len(s).
func scanHTML(s string, i int, inTag bool) (string, int, bool) {
	kind := tagOther
	cssDone := 0    // end of the <style> content already read as CSS
	firstCode := -2 // index of the first of codeBytes in s, -1 if none; -2 until needed
	endTag := -1    // the first </script> after code
	for i < len(s) {
		if !inTag {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				break
			}
			i += j
			start, end, open := tagNameAt(s, i)
			if start < 0 && ssiAt(s, i) {
				return "server side include", i, true
			}
			if start < 0 {
				i = end // not a tag, or the opening of a comment
				continue
			}
			name := s[start:end]
			if k := strings.LastIndexByte(name, ':'); k >= 0 && k+1 < len(name) {
				name = name[k+1:] // <x:script> in XHTML
			}
			kind = tagOther
			if open {
				first := lowerByte(name[0])
				for _, t := range runningTags {
					if t.name[0] == first && nameIs(name, t.name) {
						return t.reason, i, true
					}
				}
				for _, t := range loadingTags {
					if t.name[0] == first && nameIs(name, t.name) {
						kind = t.kind
					}
				}
			} else if nameIs(name, "script") {
				if firstCode == -2 {
					firstCode = strings.IndexAny(s, codeBytes)
				}
				if firstCode >= 0 && firstCode < i && endTag < 0 {
					endTag = i
				}
			}
			i, inTag = end, true
			continue
		}
		// Between attributes: blanks and '/' separate them (<svg/onload=...>).
		for i < len(s) && (isHTMLSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i == len(s) {
			break
		}
		if s[i] == '>' {
			i, inTag = i+1, false
			if kind == tagStyle && i > cssDone {
				// The content ends at the first </style after i; up to
				// cssDone, it was read already (<style><style>...).
				end := styleEnd(s, i)
				if at, ok := cssScript(s, i, end); ok {
					return "script in style element", at, true
				}
				cssDone = end
			}
			continue
		}
		if tagStartAt(s, i) {
			inTag = false // a new tag starts (see the file comment)
			continue
		}
		a := readAttr(s, i)
		if reason, at, ok := judgeAttr(s, a, kind); ok {
			return reason, at, true
		}
		i = a.next
		if a.cut {
			inTag = false
		}
	}
	if endTag >= 0 {
		return endTagReason, endTag, true
	}
	return "", 0, false
}

// tagNameAt reads the markup that starts with the '<' at s[i]. For a tag
// (<name, </name, <!name or <?name) it returns the span of the name and
// whether it is a start tag; <?name counts as one, for Internet Explorer's
// <?import>. Otherwise start is -1 and end is where reading goes on: after
// "<!--" (the comment's content is read as markup), after "<!" or "<?"
// (bogus comments and CDATA sections, likewise) or after the '<' of text.
func tagNameAt(s string, i int) (start, end int, open bool) {
	j := i + 1
	open = true
	if j < len(s) {
		switch s[j] {
		case '/':
			j, open = j+1, false
		case '!':
			if strings.HasPrefix(s[j:], "!--") {
				return -1, j + 3, false
			}
			j, open = j+1, false
		case '?':
			j++
		}
	}
	if j >= len(s) || !isLetter(s[j]) {
		return -1, j, false
	}
	start = j
	for j++; j < len(s); j++ {
		if c := s[j]; isHTMLSpace(c) || c == '/' || c == '>' || tagStartAt(s, j) {
			break
		}
	}
	return start, j, open
}

// tagStartAt reports whether s[i], inside a tag, is a '<' that starts a
// new one (see the file comment): followed by a letter, '!' or '?'. "</"
// does not count there: browsers read <x </onload=...> as an attribute
// named "<", then onload, and an end tag runs nothing anyway.
func tagStartAt(s string, i int) bool {
	if s[i] != '<' || i+1 >= len(s) {
		return false
	}
	c := s[i+1]
	return isLetter(c) || c == '!' || c == '?'
}

// attr is one attribute read by readAttr, as spans of s.
type attr struct {
	name, nameEnd   int
	hasValue        bool
	value, valueEnd int
	next            int  // where reading goes on
	cut             bool // the value was cut short by a tag: go on in text
}

// readAttr reads the attribute starting at s[i], which is neither a blank,
// '/', '>' nor the start of a tag. As in browsers, the name may start with
// '=' and runs to a blank, '/', '>' or '='; blanks may surround the '='
// before the value, which is in double or single quotes or runs to a
// blank or '>'. An unquoted value that starts with a backtick and holds another one
// is read the way Internet Explorer read it, as quoted by backticks: HTML5
// browsers see one value there, so only that reading can add attributes
// after the second backtick (<img src=`x`onerror=alert(1)>).
func readAttr(s string, i int) attr {
	a := attr{name: i}
	j := i + 1
	for ; j < len(s); j++ {
		if c := s[j]; isHTMLSpace(c) || c == '/' || c == '>' || c == '=' || tagStartAt(s, j) {
			break
		}
	}
	a.nameEnd, a.next = j, j
	for j < len(s) && isHTMLSpace(s[j]) {
		j++
	}
	if j == len(s) || s[j] != '=' {
		return a
	}
	for j++; j < len(s) && isHTMLSpace(s[j]); j++ {
	}
	a.hasValue, a.value = true, j
	if j < len(s) && (s[j] == '"' || s[j] == '\'') {
		q := s[j]
		a.value = j + 1
		for j++; j < len(s) && s[j] != q; j++ {
			if tagStartAt(s, j) {
				a.valueEnd, a.next, a.cut = j, j, true
				return a
			}
		}
		a.valueEnd, a.next = j, min(j+1, len(s))
		return a
	}
	for ; j < len(s) && !isHTMLSpace(s[j]) && s[j] != '>'; j++ {
		if tagStartAt(s, j) {
			a.cut = true
			break
		}
	}
	a.valueEnd, a.next = j, j
	if a.value < j && s[a.value] == '`' {
		if b := strings.IndexByte(s[a.value+1:j], '`'); b >= 0 {
			a.value++
			a.valueEnd = a.value + b
			a.next, a.cut = a.valueEnd+1, false
		}
	}
	return a
}

// judgeAttr reports whether the attribute a of a tag of the given kind runs
// or loads script: an event handler, a script URL, srcdoc, script in a
// style attribute, an animation or data binding that sets script, a
// JavaScript entity, or the attributes that make <meta>, <link>, <base> and
// a few others change how the page loads.
// Only attributes with a value count: a bare onerror runs nothing.
func judgeAttr(s string, a attr, kind tagKind) (string, int, bool) {
	if !a.hasValue {
		return "", 0, false
	}
	name, value := s[a.name:a.nameEnd], s[a.value:a.valueEnd]
	if isHandlerName(name) {
		return handlerReason(name), a.name, true
	}
	switch {
	case equalFold(name, "srcdoc"):
		return "srcdoc attribute", a.name, true
	case equalFold(name, "style"):
		if at, ok := cssScript(s, a.value, a.valueEnd); ok {
			return "script in style attribute", at, true
		}
	case equalFold(name, "attributename"):
		// SVG and SMIL animations set another attribute of the element:
		// a link target (then values= or to= holds the script URL) or a
		// handler.
		v := strings.Trim(value, " \t\n\f\r")
		if equalFold(v, "href") || equalFold(v, "xlink:href") || equalFold(v, "innerhtml") || isHandlerName(v) {
			return "animated attribute", a.name, true
		}
	case equalFold(name, "dataformatas"):
		if equalFold(strings.Trim(value, " \t\n\f\r"), "html") {
			return "html data binding", a.name, true
		}
	case kind == tagMeta && equalFold(name, "http-equiv"):
		// A refresh redirects (to a script URL, too), set-cookie plants a
		// session cookie, link loads a style sheet. Content-Type and the
		// others are ordinary head markup, unless they switch to UTF-7
		// (below).
		v := strings.Trim(value, " \t\n\f\r")
		if equalFold(v, "refresh") || equalFold(v, "set-cookie") || equalFold(v, "link") {
			return "meta http-equiv", a.name, true
		}
	case kind == tagMeta && (equalFold(name, "charset") || equalFold(name, "content")):
		// UTF-7 (and IMAP's variant, x-imap4-modified-utf7) turns
		// +ADw-script+AD4- into <script> in browsers that honoured it.
		if containsFold(value, "utf-7") || containsFold(value, "utf7") {
			return "meta charset utf-7", a.name, true
		}
	case kind == tagLink && equalFold(name, "href"):
		return "link href", a.name, true
	case kind == tagBase && equalFold(name, "href"):
		return "base href", a.name, true
	case kind == tagXSLT && equalFold(name, "href"):
		return "xml-stylesheet href", a.name, true
	case kind == tagLayer && equalFold(name, "src"):
		return "layer or xml src", a.name, true
	case equalFold(name, "allowscriptaccess"):
		if equalFold(strings.Trim(value, " \t\n\f\r"), "always") {
			return "flash script access", a.name, true
		}
	case equalFold(name, "handler") || len(name) > len(":handler") && equalFold(name[len(name)-len(":handler"):], ":handler"):
		// XML Events: <listener handler=...>, ev:handler=...
		return "xml events handler", a.name, true
	}
	if at, ok := valueScriptURL(s, a.value, a.valueEnd); ok {
		return urlReason(name), at, true
	}
	if containsFold(value, "#default#time") || containsFold(value, "urn:schemas-microsoft-com:time") {
		// Internet Explorer's HTML+TIME behaviour, whose <t:set> writes
		// script into innerHTML: only payloads declare or import it.
		return "html+time behaviour", a.value, true
	}
	if k := strings.Index(value, "&{"); k >= 0 {
		// Netscape 4 ran the script of a JavaScript entity, &{...};, in
		// any attribute value (<br size="&{alert(1)}">).
		return "javascript entity", a.value + k, true
	}
	return "", 0, false
}

// endTagReason is the reason of the weak finding of scanHTML.
const endTagReason = "script end tag after code"

// codeBytes end a statement, a call or a block, or assign. A value that
// holds one before a </script> end tag was written for the script element
// it closes, and its code ran there; a lone "</script>" runs nothing.
const codeBytes = ";)}="

// ssiAt reports whether the comment at s[i] is a server-side include
// directive that runs a command or includes a file (<!--#exec cmd=...>,
// <!--#include virtual=...>): the server expands it into the page.
func ssiAt(s string, i int) bool {
	return strings.HasPrefix(s[i:], "<!--#") && (hasPrefixFold(s[i+5:], "exec") || hasPrefixFold(s[i+5:], "include"))
}

// styleEnd returns where the content of a <style> element starting at s[i]
// ends: at its end tag or at the end of s.
func styleEnd(s string, i int) int {
	for i < len(s) {
		j := strings.Index(s[i:], "</")
		if j < 0 {
			break
		}
		if i += j; hasPrefixFold(s[i+2:], "style") {
			return i
		}
		i += 2
	}
	return len(s)
}

// isHandlerName reports whether name is an event-handler attribute: "on"
// and at least three letters (oncut is the shortest handler), ignoring
// ASCII case and the NUL and control bytes old browsers dropped from names.
// A few English words that are no event are left out ("online=1").
func isHandlerName(name string) bool {
	if len(name) < 5 || lowerByte(name[0]) != 'o' || lowerByte(name[1]) != 'n' {
		return false
	}
	letters := 0
	for i := 2; i < len(name); i++ {
		switch c := name[i]; {
		case isLetter(c):
			letters++
		case c < 0x20:
		default:
			return false
		}
	}
	if letters < 3 {
		return false
	}
	for _, w := range [...]string{"online", "onset", "onion", "onions", "onward", "onwards",
		"ongoing", "onboard", "onsite", "onscreen", "onstage"} {
		if equalFold(name, w) {
			return false
		}
	}
	return true
}

// handlerReasons names the handlers payloads use most in reasons; others
// are reported as "event handler".
var handlerReasons = [...]string{
	"event handler onerror", "event handler onload", "event handler onclick",
	"event handler onmouseover", "event handler onfocus", "event handler onblur",
	"event handler onanimationstart", "event handler ontoggle", "event handler onbegin",
	"event handler onpageshow", "event handler onhashchange", "event handler onscroll",
	"event handler oninput", "event handler onchange", "event handler onsubmit",
	"event handler onkeydown", "event handler onmouseenter", "event handler onpointerover",
}

// handlerReason returns the reason reported for the handler attribute
// name: a constant, so that DetectXSS does not allocate.
func handlerReason(name string) string {
	return reasonFor(name, handlerReasons[:], len("event handler "), "event handler")
}

// reasonFor returns the reason of reasons whose text after its first
// prefix bytes is name, ignoring case, or other when there is none.
func reasonFor(name string, reasons []string, prefix int, other string) string {
	for _, r := range reasons {
		if equalFold(name, r[prefix:]) {
			return r
		}
	}
	return other
}

// urlReasons names the attributes that most often carry script URLs in
// reasons; others are reported as "script url in attribute".
var urlReasons = [...]string{
	"script url in href", "script url in src", "script url in action",
	"script url in formaction", "script url in data", "script url in xlink:href",
	"script url in background", "script url in lowsrc", "script url in dynsrc",
	"script url in poster", "script url in to", "script url in values",
	"script url in from", "script url in codebase",
}

// urlReason returns the reason reported for a script URL in the attribute
// name, a constant like handlerReason's.
func urlReason(name string) string {
	return reasonFor(name, urlReasons[:], len("script url in "), "script url in attribute")
}

// nameIs reports whether the tag name n is name (lower case), ignoring
// ASCII case and NUL bytes (which old browsers dropped).
func nameIs(n, name string) bool {
	j := 0
	for i := 0; i < len(n); i++ {
		if n[i] == 0 {
			continue
		}
		if j == len(name) || lowerByte(n[i]) != name[j] {
			return false
		}
		j++
	}
	return j == len(name)
}

// containsFold reports whether s contains the lower-case ASCII word w,
// ignoring ASCII case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if lowerByte(s[i]) == w[0] && hasPrefixFold(s[i:], w) {
			return true
		}
	}
	return false
}

// isHTMLSpace reports whether c is a blank for the HTML tokenizer.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
