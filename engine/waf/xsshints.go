package waf

// scriptHint is the second XSS check, for what the HTML check (htmlScript)
// does not see: script written where a URL or a JavaScript string is
// expected, with no markup around it. It reports, with the byte offset,
// the first of:
//   - a script URL (see scriptURL): javascript:, vbscript:, livescript:
//     or mocha:, written with blanks, control bytes or character
//     references inside the scheme name if need be, or a data: URL of an
//     active type such as text/html, at the start of a word and followed
//     by code (not by the end of the value, a space, a quote or . ) <);
//   - a call of a function that only proof-of-concept payloads call
//     (alert, prompt, confirm, with '(' or '`' right after the name) or a
//     use of document.cookie (the value also holds '(', '=' or '`': a
//     call or an assignment sends it somewhere), when the value also holds
//     a byte that ends a string, a tag or a statement (a quote, '>' or ';').
func scriptHint(s string) (string, int, bool) {
	breaks, uses := false, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'', '>', ';':
			breaks = true
		case '`':
			breaks, uses = true, true
		case '(', '=':
			uses = true
		}
	}
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) && s[i] != '&' || i > 0 && (jsWordByte(s[i-1]) || s[i-1] == '.') {
			continue // only at the start of a word (&#106;avascript: is one)
		}
		if n, ok := scriptURL(s, i, len(s)); ok && n < len(s) && startsCode(s[n]) {
			return "script url", i, true
		}
		if breaks && pocCall(s[i:], uses) {
			return "script call", i, true
		}
	}
	return "", -1, false
}

// startsCode reports whether c can start the script of a script URL: not
// white space, a quote or the punctuation that ends a mention of the
// scheme in prose (`javascript:` URLs, "javascript:..."). A comma may
// start the payload of data:text/html,<script>...
func startsCode(c byte) bool {
	switch c {
	case '"', '\'', '`', '.', ')', '<':
		return false
	}
	return c > ' '
}

// pocCall reports whether s starts with alert, prompt or confirm directly
// followed by '(' or '`', or, when the value uses it, with document.cookie.
func pocCall(s string, uses bool) bool {
	for _, name := range [...]string{"alert", "prompt", "confirm"} {
		if hasPrefixFold(s, name) && len(s) > len(name) && (s[len(name)] == '(' || s[len(name)] == '`') {
			return true
		}
	}
	return uses && hasPrefixFold(s, "document.cookie")
}

// jsWordByte reports whether c can be part of a JavaScript identifier or
// a word of prose (letters, digits, _ $ @ and any non-ASCII byte).
func jsWordByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '_' || c == '$' || c == '@' || c >= 0x80
}
