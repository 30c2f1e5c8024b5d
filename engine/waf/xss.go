package waf

import libinjection "github.com/corazawaf/libinjection-go"

// IsXSS reports whether the request value s looks like cross-site
// scripting, with no knowledge of the page it may reach. See DetectXSS.
func IsXSS(s string) bool {
	_, ok := DetectXSS(s)
	return ok
}

// DetectXSS reports whether the request value s looks like cross-site
// scripting: HTML that opens a script context (a script tag, an event
// handler attribute, a javascript: URL, ...) when placed in a page as text
// or inside an attribute value (libinjection), or script where a URL or a
// JavaScript string is expected (scriptHint). Values shorter than 2 bytes
// and values without any byte that matters to HTML are answered without
// parsing.
func DetectXSS(s string) (Match, bool) {
	if len(s) < 2 || htmlInert(s) {
		return Match{}, false
	}
	return detectXSS(s)
}

// detectXSS runs the checks, without the pre-filter.
func detectXSS(s string) (Match, bool) {
	if libinjection.IsXSS(s) {
		return Match{By: ByLibinjection, Offset: -1}, true
	}
	if name, off, ok := scriptHint(s); ok {
		return Match{By: ByStructure, Fingerprint: name, Offset: off}, true
	}
	return Match{}, false
}

// htmlInert reports whether s has no byte that can open a tag, end an
// attribute value or a script string, or start an attribute or a URL
// scheme: none of < > = : " ` ; no & that starts a character reference
// (&#60; &lt;), and no apostrophe together with a '('
// (`'-alert(1)-'` ends a JavaScript string and calls; `O'Reilly` and
// `don't` cannot do anything without '=', '>' or a call).
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
