package waf

// tokenKind classifies the tokens of sqlLexer.
type tokenKind uint8

const (
	tokEnd     tokenKind = iota // no more input
	tokWord                     // identifier or keyword, dots included (a.b.c)
	tokNumber                   // 12, 0x41, 1.5e3
	tokString                   // '...', "..." or `...`, possibly unterminated
	tokComment                  // -- ..., # ..., /* ... */; also /*! and */ alone
	tokOpen                     // (
	tokClose                    // )
	tokSemi                     // ;
	tokComma                    // ,
	tokOp                       // any other byte: = < > ! | & + - * / % ^ ~ ...
)

// token is one lexeme; text is a substring of the lexed value.
type token struct {
	kind tokenKind
	text string
	off  int
}

// sqlLexer splits a value into SQL-ish tokens, leniently: it never fails,
// every byte of the input belongs to exactly one token or to the white
// space between two, and unterminated strings and comments run to the end.
// It does not allocate.
type sqlLexer struct {
	s   string
	pos int
}

// next returns the next token, or a token of kind tokEnd at the end.
func (l *sqlLexer) next() token {
	s := l.s
	i := l.pos
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		l.pos = len(s)
		return token{kind: tokEnd, off: len(s)}
	}
	start := i
	c := s[i]
	kind := tokOp
	switch {
	case c == '-' && i+1 < len(s) && s[i+1] == '-', c == '#':
		kind = tokComment
		for i < len(s) && s[i] != '\n' {
			i++
		}
	case c == '/' && i+2 < len(s) && s[i+1] == '*' && s[i+2] == '!':
		// MySQL runs what a /*! ... */ comment holds (after an optional
		// version number): the opening is a comment of its own and the
		// contents are lexed as code, up to a lone */.
		kind = tokComment
		for i += 3; i < len(s) && isDigit(s[i]); i++ {
		}
	case c == '*' && i+1 < len(s) && s[i+1] == '/':
		kind, i = tokComment, i+2
	case c == '/' && i+1 < len(s) && s[i+1] == '*':
		kind = tokComment
		i += 2
		for i < len(s) && !(s[i] == '*' && i+1 < len(s) && s[i+1] == '/') {
			i++
		}
		i = min(i+2, len(s))
	case c == '\'' || c == '"' || c == '`':
		kind = tokString
		i = stringEnd(s, i+1, c)
	case isDigit(c) || (c == '.' && i+1 < len(s) && isDigit(s[i+1])):
		kind = tokNumber
		i = numberEnd(s, i)
	case isWordStart(c):
		kind = tokWord
		// Dots join names (schema.table.column) but a dot before a
		// digit starts a number, as MySQL reads `select.1`.
		for i++; i < len(s) && (isWordByte(s[i]) || s[i] == '.' && !(i+1 < len(s) && isDigit(s[i+1]))); i++ {
		}
	case c == '(':
		kind, i = tokOpen, i+1
	case c == ')':
		kind, i = tokClose, i+1
	case c == ';':
		kind, i = tokSemi, i+1
	case c == ',':
		kind, i = tokComma, i+1
	default:
		i++
	}
	l.pos = i
	return token{kind: kind, text: s[start:i], off: start}
}

// stringEnd returns the index just past the quote q that closes a literal
// whose body starts at i: a doubled quote or a backslash escapes. An
// unterminated literal ends at len(s).
func stringEnd(s string, i int, q byte) int {
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(s)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '@' || c == '$' || c >= 0x80
}

func isWordByte(c byte) bool { return isWordStart(c) || isDigit(c) }

// inline reports whether t is a comment that code continues after: a
// closed /* ... */, or the /*! and */ around MySQL's executable comments.
// A -- or # comment, or a /* left open, ends what the value can do.
func (t token) inline() bool {
	n := len(t.text)
	return t.kind == tokComment && t.text[0] != '#' && t.text[0] != '-' &&
		(t.text == "*/" || n >= 3 && t.text[2] == '!' || n >= 4 && t.text[n-2:] == "*/")
}

// code returns the next token that is not an inline comment.
func (l *sqlLexer) code() token {
	t := l.next()
	for t.inline() {
		t = l.next()
	}
	return t
}

// peekCode returns what code would, without consuming it.
func (l *sqlLexer) peekCode() token {
	saved := l.pos
	t := l.code()
	l.pos = saved
	return t
}

// callFollows reports whether the word just read is a function name: a
// '(' right after it, with no space, as payloads write calls (`sleep(5)`,
// not `sleep (8 hours)`).
func (l *sqlLexer) callFollows() bool { return l.pos < len(l.s) && l.s[l.pos] == '(' }

// skipSpace returns the index of the first byte at or after i that is not
// white space.
func (l *sqlLexer) skipSpace(i int) int {
	for i < len(l.s) && isSpace(l.s[i]) {
		i++
	}
	return i
}

// numberEnd returns the end of the number that starts at i: digits with
// one dot and an exponent (1.5e-3), or a 0x hexadecimal or 0b binary
// literal. Letters glued to a number that cannot belong to it start a new
// token, as SQL engines read them: `1union`, `1e0union`, `0x1f or`. A
// run of other word bytes (`22K`, `5pm`) stays one number-like token, as
// prose writes it.
func numberEnd(s string, i int) int {
	start := i
	if s[i] == '0' && i+2 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X' || s[i+1] == 'b' || s[i+1] == 'B') {
		j := i + 2
		for j < len(s) && (isDigit(s[j]) || s[i+1] != 'b' && s[i+1] != 'B' && isHexLetter(s[j])) {
			j++
		}
		if j > i+2 {
			// A keyword may start inside the hex digits: `0x1Fand`,
			// `0x1anot` (hex letters a to f begin and, or, ...).
			end := j
			for end < len(s) && isWordByte(s[end]) {
				end++
			}
			for p := i + 3; p < end; p++ {
				if keywordClass(s[p:end]) != 0 {
					return p
				}
			}
			return glued(s, start, j)
		}
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
		}
	}
	if i+1 < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if s[j] == '+' || s[j] == '-' {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			for i = j; i < len(s) && isDigit(s[i]); i++ {
			}
		}
	}
	return glued(s, start, i)
}

// glued decides where a number that ends at i really ends: if the word
// bytes glued to it make a SQL keyword (`1union`, `0x1anot`), the number
// ends at i and the keyword is a token of its own; otherwise the glued
// bytes belong to the number-like token (`22K`, `3rd`, `1st`).
func glued(s string, start, i int) int {
	j := i
	for j < len(s) && (isWordByte(s[j]) || s[j] == '.') {
		j++
	}
	if j == i {
		return i
	}
	k := i
	for k < j && isWordByte(s[k]) {
		k++
	}
	if keywordClass(s[i:k]) != 0 || sqlLiteralWord(s[i:k]) {
		return i
	}
	return j
}

func isHexLetter(c byte) bool { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
