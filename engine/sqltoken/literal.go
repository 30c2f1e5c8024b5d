package sqltoken

import "strings"

// quoted scans a literal delimited by q whose opening quote is at t.pos
// (and whose token, with any prefix, starts at start): a doubled q stands
// for itself and, when backslash is set, \ escapes the next byte.
func (t *Tokenizer) quoted(start int, q byte, backslash bool, k Kind, what string) Kind {
	t.pos++
	next := -1 // the next q at or after t.pos (len(t.src): none); each byte is searched once
	for t.pos < len(t.src) {
		if next < t.pos {
			next = len(t.src)
			if i := strings.IndexByte(t.src[t.pos:], q); i >= 0 {
				next = t.pos + i
			}
		}
		if backslash {
			if b := strings.IndexByte(t.src[t.pos:next], '\\'); b >= 0 {
				t.pos += b + 2 // the backslash and the byte it escapes
				continue
			}
		}
		if next == len(t.src) {
			break
		}
		t.pos = next + 1
		if t.pos < len(t.src) && t.src[t.pos] == q {
			t.pos++ // a doubled quote stands for itself
			continue
		}
		return k
	}
	return t.open(start, what)
}

// bracketIdent scans a SQLite [identifier]; it has no escapes.
func (t *Tokenizer) bracketIdent() Kind {
	start := t.pos
	if i := strings.IndexByte(t.src[t.pos+1:], ']'); i >= 0 {
		t.pos += i + 2
		return QuotedIdent
	}
	return t.open(start, "quoted identifier")
}

// dollar scans what starts with $: a $1 or $name placeholder, or a
// PostgreSQL $tag$...$tag$ string.
func (t *Tokenizer) dollar() Kind {
	start := t.pos
	if isDigit(t.at(1)) && (t.r.dollarQuote || t.r.dollarName) {
		t.pos++
		t.skipDigits()
		return Placeholder
	}
	if t.r.dollarQuote {
		end := start + 1
		if end < len(t.src) && isIdentStart(t.src[end]) {
			for end < len(t.src) && isIdentPart(t.src[end]) && t.src[end] != '$' {
				end++
			}
		}
		if end < len(t.src) && t.src[end] == '$' {
			delim := t.src[start : end+1]
			if i := strings.Index(t.src[end+1:], delim); i >= 0 {
				t.pos = end + 1 + i + len(delim)
				return String
			}
			return t.open(start, "dollar-quoted string")
		}
	}
	if t.r.dollarName && isIdentStart(t.at(1)) {
		t.pos++
		t.skipIdent()
		return Placeholder
	}
	if t.r.digitIdent && isIdentPart(t.at(1)) { // MySQL: $ may start a name
		t.skipIdent()
		return Ident
	}
	t.pos++
	return Operator
}

// number scans a numeric literal: decimal with optional fraction and
// exponent, or 0x/0b/0o prefixed. PostgreSQL's 1_000 separators are
// accepted. In MySQL a number running into letters is an identifier
// (1abc).
func (t *Tokenizer) number() Kind {
	if t.src[t.pos] == '0' && isRadix(t.at(1)) && isHexDigit(t.at(2)) {
		t.pos += 2
		for t.pos < len(t.src) && (isHexDigit(t.src[t.pos]) || t.src[t.pos] == '_') {
			t.pos++
		}
	} else {
		t.skipDigits()
		if t.at(0) == '.' && !(t.at(1) == '.') {
			t.pos++
			t.skipDigits()
		}
		if c := t.at(0); c == 'e' || c == 'E' {
			n := 1
			if s := t.at(1); s == '+' || s == '-' {
				n = 2
			}
			if isDigit(t.at(n)) {
				t.pos += n
				t.skipDigits()
			}
		}
	}
	if t.r.digitIdent && t.pos < len(t.src) && isIdentPart(t.src[t.pos]) {
		t.skipIdent()
		return Ident
	}
	return Number
}

// word scans an identifier or keyword, or a prefixed string literal:
// E'..' (backslash escapes), B'..', X'..', N'..', U&'..'.
func (t *Tokenizer) word() Kind {
	start := t.pos
	t.pos++
	t.skipIdent()
	if t.pos-start == 1 && t.pos < len(t.src) {
		if k, ok := t.prefixed(start); ok {
			return k
		}
	}
	if !t.skip && IsKeyword(t.src[start:t.pos]) {
		return Keyword
	}
	return Ident
}

// prefixed scans a string literal whose one-letter prefix is at start
// (t.pos is just after it), and reports false when there is none.
func (t *Tokenizer) prefixed(start int) (Kind, bool) {
	c, next := t.src[start], t.src[t.pos]
	switch {
	case next == '\'' && (c|0x20 == 'e'):
		if t.r.prefixString {
			return t.quoted(start, '\'', true, String, "string literal"), true
		}
	case next == '\'' && (c|0x20 == 'b' || c|0x20 == 'x' || c|0x20 == 'n'):
		return t.quoted(start, '\'', t.r.backslash, String, "string literal"), true
	case next == '&' && c|0x20 == 'u' && t.r.prefixString:
		switch t.at(1) {
		case '\'':
			t.pos++
			return t.quoted(start, '\'', false, String, "string literal"), true
		case '"':
			t.pos++
			return t.quoted(start, '"', false, QuotedIdent, "quoted identifier"), true
		}
	}
	return 0, false
}

func (t *Tokenizer) skipDigits() {
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		if !isDigit(c) && !(c == '_' && t.r.prefixString && isDigit(t.at(1))) {
			return
		}
		t.pos++
	}
}

func (t *Tokenizer) skipIdent() {
	for t.pos < len(t.src) && isIdentPart(t.src[t.pos]) {
		t.pos++
	}
}
