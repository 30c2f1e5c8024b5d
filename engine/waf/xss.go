package waf

// IsXSS reports whether the request value s looks like cross-site
// scripting, with no knowledge of the page it may reach. See DetectXSS.
func IsXSS(s string) bool {
	_, ok := DetectXSS(s)
	return ok
}

// DetectXSS reports whether the request value s looks like cross-site
// scripting: whether, placed in an HTML page, it would run or load script.
//
// Not knowing where the value lands, it reads s as HTML in each place a
// value can land in a page (htmlscan.go): as text, and as the value of a
// double-quoted, single-quoted, backtick-quoted or unquoted attribute,
// where the first quote, blank or '>' of s ends the value and the rest of
// s is read as more attributes of the page's tag, or after the tag. It
// flags what runs script there: a tag that runs or loads script or active
// content (script, iframe, frame, object, embed, applet, ...; link, base
// and meta with the attributes that make them load or redirect), an event
// handler attribute (on and three or more letters, with a value) on any
// tag, an attribute value that is a script URL (javascript:, vbscript:,
// data:text/html, ... also with the scheme split by blanks or written
// with character references, as browsers decode them), srcdoc, and CSS
// that runs script in a style attribute or element (expression(, a
// javascript: URL, behavior:, -moz-binding, @import); a few older vectors
// too (IE's HTML+TIME, Netscape's &{...} entities, server-side include
// directives; judgeAttr has the list). Comments, CDATA sections and the
// content of <style> or <textarea> are read as markup, and a '<' that
// starts a tag inside a tag or an attribute value starts a new one: the
// nested and mutation payloads that rely on parsers disagreeing are
// flagged. Tags such as <b> or <a href=...>, and '<' that starts no tag
// ("a < b", "I <3 Go"), are not flagged: they run nothing.
//
// It then looks for script where a URL or a JavaScript string is expected
// (scriptHint): a value that is a script URL, or a call of alert, prompt
// or confirm next to a byte that ends a string or a tag.
//
// The Match has By "structure", a short reason as Fingerprint ("script
// tag", "event handler onerror", "script url in href") and the byte
// offset of the construct. Values shorter than 2 bytes and values without
// any byte that matters to HTML are answered without parsing. DetectXSS
// does not allocate and runs in time linear in len(s).
func DetectXSS(s string) (Match, bool) {
	if len(s) < 2 || htmlInert(s) {
		return Match{}, false
	}
	return detectXSS(s)
}

// detectXSS runs the checks, without the pre-filter.
func detectXSS(s string) (Match, bool) {
	if reason, at, ok := htmlScript(s); ok {
		return Match{By: ByStructure, Fingerprint: reason, Offset: at}, true
	}
	if name, off, ok := scriptHint(s); ok {
		return Match{By: ByStructure, Fingerprint: name, Offset: off}, true
	}
	return Match{}, false
}

// htmlInert reports whether s has no byte that can open a tag, end an
// attribute value or a script string, or start an attribute or a URL
// scheme: none of < > = : " ` ; no & that starts a character reference
// (&#60; &colon;), and no apostrophe together with a '(' (`'-alert(1)-'`
// ends a JavaScript string and calls; `O'Reilly` and `don't` cannot do
// anything without '=', '>' or a call). Every check of detectXSS needs one
// of those: a tag needs '<', an attribute value '=', a script URL ':' or a
// reference to it, scriptHint's calls a quote, '>' or ';' and then '(',
// '`' or '='. The rule set's pre-filter (engine/rules, prefilter.go)
// repeats this condition and must change with it.
func htmlInert(s string) bool {
	apostrophe, call := false, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<', '>', '=', ':', '"', '`', ';':
			return false
		case '&': // a character reference starts &# or &name
			if i+1 < len(s) && (s[i+1] == '#' || isLetter(s[i+1])) {
				return false
			}
		case '\'':
			apostrophe = true
		case '(':
			call = true
		}
	}
	return !apostrophe || !call
}
