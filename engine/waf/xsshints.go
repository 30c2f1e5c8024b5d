package waf

// scriptHint is the second XSS check, for what libinjection's HTML parser
// does not see: script written where a URL or a JavaScript string is
// expected. It reports, with the byte offset, the first of:
//   - a script URL: javascript:, vbscript:, livescript: or mocha:, written
//     with tabs, newlines or spaces inside the scheme name if need be, or a
//     data:text/html URL, at the start of a word and followed by code (not
//     by the end of the value, a space, a quote or . ) <);
//   - a call of a function that only proof-of-concept payloads call
//     (alert, prompt, confirm, with '(' or '`' right after the name) or a
//     read of document.cookie, when the value also holds a byte that ends a
//     string, a tag or a statement (a quote, '>' or ';').
func scriptHint(s string) (string, int, bool) {
	breaks := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'', '`', '>', ';':
			breaks = true
		}
	}
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) || i > 0 && (isWordByte(s[i-1]) || s[i-1] == '.') {
			continue // only at the start of a word
		}
		if n, ok := scriptScheme(s[i:]); ok && i+n < len(s) && startsCode(s[i+n]) {
			return "script url", i, true
		}
		if breaks && pocCall(s[i:]) {
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
	return !isSpace(c)
}

// scriptScheme reports whether s starts with a scheme that runs script,
// ignoring ASCII case and the white space and control bytes browsers strip
// from URLs, and returns the length through the ':'.
func scriptScheme(s string) (int, bool) {
	for _, scheme := range [...]string{"javascript:", "vbscript:", "livescript:", "mocha:", "data:text/html"} {
		j := 0 // index in s
		k := 0 // index in scheme
		for j < len(s) && k < len(scheme) {
			c := lowerByte(s[j])
			if c == scheme[k] {
				j++
				k++
				continue
			}
			if k > 0 && c <= ' ' {
				j++ // tab, newline, space, NUL inside the name
				continue
			}
			break
		}
		if k == len(scheme) {
			return j, true
		}
	}
	return 0, false
}

// pocCall reports whether s starts with alert, prompt or confirm directly
// followed by '(' or '`', or with document.cookie.
func pocCall(s string) bool {
	for _, name := range [...]string{"alert", "prompt", "confirm"} {
		if hasPrefixFold(s, name) && len(s) > len(name) && (s[len(name)] == '(' || s[len(name)] == '`') {
			return true
		}
	}
	return hasPrefixFold(s, "document.cookie")
}
