package rasp

import "strings"

// This file holds the HTML scanner of the template-XSS detector: a state
// machine that follows the HTML tokenizer's states closely enough to tell
// which markup a byte starts (a tag, an attribute, a script URL, the end
// of a comment or of a script).

// htmlContext is where in a page a byte lies.
type htmlContext uint8

const (
	htmlText    htmlContext = iota // element content
	htmlTag                        // inside a tag, between attributes
	htmlAttr                       // inside an attribute value
	htmlComment                    // inside <!-- -->
	htmlRawText                    // inside <script>, <style>, <textarea>, <title>...
)

// htmlScanner is the tokenizer state.
type htmlScanner struct {
	ctx        htmlContext
	quote      byte   // attribute value quote: '"', '\'' or 0 when unquoted
	rawEnd     string // end tag closing the current raw-text element
	valueStart bool   // only blanks seen so far in the attribute value
	nameStart  int    // start of the last attribute name seen in a tag
	attr       string // name of the attribute whose value is being scanned
}

// step scans the markup starting at html[i]. It returns where the next
// step starts and, when html[i] starts markup that can run script or
// change the page's structure, a description of it.
func (h *htmlScanner) step(html string, i int) (next int, event string) {
	c := html[i]
	switch h.ctx {
	case htmlText:
		return h.stepText(html, i)
	case htmlTag:
		switch {
		case c == '>':
			h.endTag()
		case c == '=':
			h.ctx, h.quote, h.valueStart = htmlAttr, 0, true
			h.attr = strings.TrimRight(html[min(h.nameStart, i):i], " \t\n\r\f")
			j := i + 1
			for j < len(html) && isBlank(html[j]) {
				j++
			}
			if j < len(html) && (html[j] == '"' || html[j] == '\'') {
				h.quote = html[j]
				return j + 1, ""
			}
			return j, ""
		case i > 0 && (isHTMLSpace(html[i-1]) || html[i-1] == '"' || html[i-1] == '\'') && !isHTMLSpace(c):
			h.nameStart = i
			if c|0x20 == 'o' && eventHandlerAt(html, i) {
				return i + 1, "an event-handler attribute"
			}
			if c|0x20 == 's' && hasFoldPrefix(html[i:], "srcdoc") && equalsFollows(html, i+len("srcdoc")) {
				return i + 1, "a srcdoc attribute"
			}
		}
	case htmlAttr:
		return h.stepAttr(html, i)
	case htmlComment:
		if strings.HasPrefix(html[i:], "-->") || strings.HasPrefix(html[i:], "--!>") {
			h.ctx = htmlText
			return i + 3, "the end of a comment"
		}
	case htmlRawText:
		if c == '<' && hasFoldPrefix(html[i:], h.rawEnd) {
			h.ctx, h.rawEnd = htmlTag, ""
			return i + 2, "the end of a script or raw-text element"
		}
	}
	return i + 1, ""
}

func (h *htmlScanner) stepText(html string, i int) (int, string) {
	if html[i] != '<' || i+1 >= len(html) {
		return i + 1, ""
	}
	switch n := html[i+1]; {
	case strings.HasPrefix(html[i:], "<!--"):
		h.ctx = htmlComment
		return i + 4, "a comment"
	case isASCIILetter(n):
		h.ctx, h.rawEnd, h.nameStart = htmlTag, rawTextEnd(html[i+1:]), i+1
		return i + 1, "an HTML tag"
	case n == '/' && i+2 < len(html) && isASCIILetter(html[i+2]):
		h.ctx, h.rawEnd = htmlTag, ""
		return i + 1, "an end tag"
	case n == '!' || n == '?':
		h.ctx, h.rawEnd = htmlTag, ""
		return i + 1, "a markup declaration"
	}
	return i + 1, ""
}

func (h *htmlScanner) stepAttr(html string, i int) (int, string) {
	c := html[i]
	switch {
	case h.quote != 0 && c == h.quote:
		h.ctx = htmlTag
		return i + 1, ""
	case h.quote == 0 && isBlank(c):
		h.ctx = htmlTag
		return i + 1, ""
	case h.quote == 0 && c == '>':
		h.endTag()
		return i + 1, ""
	}
	if h.valueStart {
		if isBlank(c) {
			return i + 1, ""
		}
		h.valueStart = false
		if isURLAttr(h.attr) && scriptURLAt(html, i) {
			return i + 1, "a script URL"
		}
		if isURLAttr(h.attr) && hasFoldPrefix(html[i:], "data:text/html") {
			return i + 1, "a data:text/html URL"
		}
	}
	if c|0x20 == 'e' && strings.EqualFold(h.attr, "style") && hasFoldPrefix(html[i:], "expression(") {
		return i + 1, "a CSS expression"
	}
	return i + 1, ""
}

// isURLAttr reports whether the attribute named name holds a URL that
// browsers load or navigate to.
func isURLAttr(name string) bool {
	switch strings.ToLower(name) {
	case "href", "src", "action", "formaction", "data", "xlink:href", "background", "poster",
		"codebase", "cite", "lowsrc", "dynsrc", "ping", "manifest", "icon", "longdesc",
		"usemap", "classid", "archive", "srcset", "from", "to", "values", "by", "content":
		return true
	}
	return false
}

func (h *htmlScanner) endTag() {
	h.ctx = htmlText
	if h.rawEnd != "" {
		h.ctx = htmlRawText
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// rawTextEnd returns the end tag that closes the raw-text element whose
// name starts name, or "" for other elements.
func rawTextEnd(name string) string {
	for _, el := range [...]string{"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"} {
		if hasFoldPrefix(name, el) && (len(name) == len(el) || !isAlnum(name[len(el)])) {
			return "</" + el
		}
	}
	return ""
}
