package sqltoken

// Tokenizer yields the tokens of one SQL source, in order. The zero value
// is not usable; call New. A Tokenizer is a small value: keep it on the
// stack and call Next until it returns false.
type Tokenizer struct {
	src  string
	pos  int
	r    rules
	exec int  // open MySQL executable comments (/*! ... */)
	skip bool // SkipTo is running: words need no keyword lookup

	// The construct left open, if any: what and where it started.
	openWhat  string
	openStart int
}

// New returns a Tokenizer for src in dialect d.
func New(src string, d Dialect) Tokenizer {
	return Tokenizer{src: src, r: d.rules(), openStart: -1}
}

// SetBackslashEscapes turns backslash escapes in string literals on or off,
// as MySQL's NO_BACKSLASH_ESCAPES sql_mode or PostgreSQL's
// standard_conforming_strings=off do. Call it before the first Next.
func (t *Tokenizer) SetBackslashEscapes(on bool) { t.r.backslash = on }

// Err reports the construct left open at the end of the source, as a
// *SyntaxError, or nil when every construct was closed. It is meaningful
// once Next has returned the Unterminated token (or false).
func (t *Tokenizer) Err() error {
	if t.openStart < 0 {
		return nil
	}
	return &SyntaxError{What: t.openWhat, Offset: t.openStart}
}

// Next returns the next token, or false at the end of the source.
func (t *Tokenizer) Next() (Token, bool) {
	if t.pos >= len(t.src) {
		return Token{}, false
	}
	start := t.pos
	if t.src[start] == ' ' && (start+1 == len(t.src) || !isSpace(t.src[start+1])) {
		t.pos++ // the most common token: one blank
		return Token{Kind: Space, Start: start, End: t.pos}, true
	}
	k := t.scan()
	if t.pos <= start { // cannot happen; never loop forever on a bug
		t.pos = start + 1
		k = Operator
	}
	return Token{Kind: k, Start: start, End: t.pos}, true
}

// SkipTo advances the tokenizer over the tokens that end at or before
// pos, without returning them, so that the next call to Next returns the
// token that contains pos (or starts at it). It is faster than calling
// Next in a loop (words are not looked up as keywords), and leaves the
// tokenizer exactly as that loop would have.
func (t *Tokenizer) SkipTo(pos int) {
	t.skip = true
	for t.pos < pos && t.pos < len(t.src) {
		start, exec := t.pos, t.exec
		switch cl := byteClass[t.src[start]]; {
		case cl&clSpace != 0: // blanks and plain words inline: most tokens
			t.pos++
			for t.pos < len(t.src) && isSpace(t.src[t.pos]) {
				t.pos++
			}
		case cl&clIdentStart != 0 && (start+1 == len(t.src) || isIdentPart(t.src[start+1])):
			t.pos++
			t.skipIdent()
		case cl&clDigit != 0 && t.digitsAlone():
		case t.src[start] == ',' || t.src[start] == '(' || t.src[start] == ')' || t.src[start] == ';':
			t.pos++
		case (t.src[start] == '=' || t.src[start] == '<' || t.src[start] == '>') && isSpace(t.at(1)):
			t.pos++
		default:
			t.scan()
		}
		if t.pos <= start { // cannot happen; never loop forever on a bug
			t.pos = start + 1
		}
		if t.pos > pos { // the token holding pos: leave it for Next
			t.pos, t.exec, t.openStart, t.openWhat = start, exec, -1, ""
			break
		}
	}
	t.skip = false
}

// digitsAlone consumes a number made of digits only, when that is the
// whole token (no fraction, exponent, radix prefix or glued word), and
// reports whether it did.
func (t *Tokenizer) digitsAlone() bool {
	end := t.pos
	for end < len(t.src) && isDigit(t.src[end]) {
		end++
	}
	if end < len(t.src) && (isIdentPart(t.src[end]) || t.src[end] == '.') {
		return false
	}
	t.pos = end
	return true
}

// Append appends the tokens of src in dialect d to dst and returns the
// extended slice with the tokenizer's Err.
func Append(dst []Token, src string, d Dialect) ([]Token, error) {
	tz := New(src, d)
	for {
		tok, ok := tz.Next()
		if !ok {
			return dst, tz.Err()
		}
		dst = append(dst, tok)
	}
}

// at returns the byte at offset i from the current position, or 0 past the
// end.
func (t *Tokenizer) at(i int) byte {
	if p := t.pos + i; p < len(t.src) {
		return t.src[p]
	}
	return 0
}

// scan consumes one token starting at t.pos and returns its kind.
func (t *Tokenizer) scan() Kind {
	c := t.src[t.pos]
	cl := byteClass[c]
	switch {
	case cl&clIdentStart != 0: // most tokens are words and blanks
		return t.word()
	case cl&clSpace != 0:
		t.pos++
		for t.pos < len(t.src) && isSpace(t.src[t.pos]) {
			t.pos++
		}
		return Space
	case c == '\'':
		return t.quoted(t.pos, '\'', t.r.backslash, String, "string literal")
	case c == '"':
		if t.r.dqString {
			return t.quoted(t.pos, '"', t.r.backslash, String, "string literal")
		}
		return t.quoted(t.pos, '"', false, QuotedIdent, "quoted identifier")
	case c == '`' && t.r.backtick:
		return t.quoted(t.pos, '`', false, QuotedIdent, "quoted identifier")
	case c == '[' && t.r.bracket:
		return t.bracketIdent()
	case c == '-' && t.at(1) == '-' && (!t.r.dashNeedsSpace || isSpaceOrEnd(t.at(2))):
		return t.lineComment()
	case c == '#' && t.r.hashComment:
		return t.lineComment()
	case c == '/' && t.at(1) == '*':
		return t.blockComment()
	case c == '*' && t.at(1) == '/' && t.exec > 0:
		t.exec--
		t.pos += 2
		return Operator
	case cl&clDigit != 0 || (c == '.' && isDigit(t.at(1))):
		return t.number()
	}
	return t.symbol(c)
}

// symbol scans placeholders, punctuation and operators.
func (t *Tokenizer) symbol(c byte) Kind {
	switch c {
	case '(', ')', ',', ';', '.', '[', ']', '{', '}':
		t.pos++
		return Punct
	case '$':
		return t.dollar()
	case '?':
		if t.r.question {
			t.pos++
			t.skipDigits()
			return Placeholder
		}
	case ':':
		if t.r.colonName && isIdentStart(t.at(1)) && (t.pos == 0 || t.src[t.pos-1] != ':') {
			t.pos++
			t.skipIdent()
			return Placeholder
		}
		t.pos++
		if c := t.at(0); c == ':' || c == '=' {
			t.pos++
		}
		return Operator
	case '@':
		if (t.r.atName || t.r.atVariable) && isIdentStart(t.at(1)) {
			t.pos++
			t.skipIdent()
			if t.r.atName {
				return Placeholder
			}
			return Ident
		}
		if t.r.atVariable && t.at(1) == '@' && isIdentStart(t.at(2)) {
			t.pos += 2
			t.skipIdent()
			return Ident
		}
	}
	if isOperator(c) {
		return t.operator()
	}
	t.pos++
	return Operator
}

// operator scans a run of operator bytes. It stops before a comment
// start, and, as PostgreSQL does, does not end a multi-byte operator with
// + or - unless the operator holds one of ~ ! @ # % ^ & | ` ?; so "=-1"
// is "=" then "-" then "1".
func (t *Tokenizer) operator() Kind {
	start := t.pos
	special := false
	for t.pos < len(t.src) {
		c := t.src[t.pos]
		if !isOperator(c) || (c == '?' && t.r.question) || (c == '#' && t.r.hashComment) {
			break
		}
		if t.pos > start && t.startsComment() {
			break
		}
		if t.pos > start && c == '*' && t.at(1) == '/' && t.exec > 0 {
			break
		}
		switch c {
		case '~', '!', '@', '#', '%', '^', '&', '|', '`', '?':
			special = true
		}
		t.pos++
	}
	for !special && t.pos-start > 1 {
		if c := t.src[t.pos-1]; c != '+' && c != '-' {
			break
		}
		t.pos--
	}
	if t.pos == start {
		t.pos++
	}
	return Operator
}

// startsComment reports whether a comment starts at t.pos.
func (t *Tokenizer) startsComment() bool {
	c, n := t.at(0), t.at(1)
	return (c == '-' && n == '-' && (!t.r.dashNeedsSpace || isSpaceOrEnd(t.at(2)))) ||
		(c == '/' && n == '*') || (c == '#' && t.r.hashComment)
}

func (t *Tokenizer) lineComment() Kind {
	for t.pos < len(t.src) && t.src[t.pos] != '\n' {
		t.pos++
	}
	return Comment
}

// blockComment scans /* ... */, nested where the dialect nests them. In
// MySQL, /*! and /*M! open an executable comment: only the opener (with
// its optional version number) is consumed, as an Operator, and what
// follows is lexed as code until the matching */.
func (t *Tokenizer) blockComment() Kind {
	start := t.pos
	if t.r.execComment {
		n := 2
		if t.at(2) == 'M' && t.at(3) == '!' {
			n = 3
		}
		if t.at(n) == '!' {
			t.pos += n + 1
			t.skipDigits()
			t.exec++
			return Operator
		}
	}
	t.pos += 2
	depth := 1
	for t.pos < len(t.src) {
		switch {
		case t.src[t.pos] == '*' && t.at(1) == '/':
			t.pos += 2
			if depth--; depth == 0 {
				return Comment
			}
		case t.src[t.pos] == '/' && t.at(1) == '*' && t.r.nested:
			t.pos += 2
			depth++
		default:
			t.pos++
		}
	}
	return t.open(start, "block comment")
}

// open records an unterminated construct that started at start; the
// caller has moved t.pos to the end of the source.
func (t *Tokenizer) open(start int, what string) Kind {
	t.pos = len(t.src)
	t.openStart, t.openWhat = start, what
	return Unterminated
}
