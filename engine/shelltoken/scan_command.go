package shelltoken

import "strings"

// scanCommand scans one token in a command-level context.
func (s *Scanner) scanCommand() {
	src, p := s.src, s.pos
	switch c := src[p]; c {
	case ' ', '\t':
		s.endWord()
		e := p + 1
		for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
			e++
		}
		s.emit(Blank, e)
	case '\n':
		s.separator(Newline, p+1)
		s.doc.bodyNext = s.doc.n > 0
	case ';':
		s.separator(Operator, p+s.opLen(";;"))
	case '|':
		switch {
		case strings.HasPrefix(src[p:], "||"), strings.HasPrefix(src[p:], "|&"):
			s.separator(Operator, p+2)
		default:
			s.separator(Operator, p+1)
		}
	case '&':
		switch {
		case strings.HasPrefix(src[p:], "&>>"):
			s.redirect(p + 3)
		case strings.HasPrefix(src[p:], "&>"):
			s.redirect(p + 2)
		default:
			s.separator(Operator, p+s.opLen("&&"))
		}
	case '<', '>':
		switch {
		case p+1 < len(src) && src[p+1] == '(':
			s.openPart(SubstOpen, ctxSubst, p+2)
		case strings.HasPrefix(src[p:], "<<-"):
			s.redirect(p + 3)
		case p+1 < len(src) && strings.IndexByte(redirectSecond(c), src[p+1]) >= 0:
			s.redirect(p + 2)
		default:
			s.redirect(p + 1)
		}
	case '(':
		s.endWord()
		opener := p
		s.w.cmdPos = true
		s.emit(Operator, p+1)
		s.push(ctxSubshell, opener)
	case ')':
		switch s.top().ctx {
		case ctxSubst:
			s.pop()
			s.emitPart(SubstClose, p+1)
		case ctxSubshell:
			s.pop()
			s.w.cmdPos = false
			s.emit(Operator, p+1)
		default: // unbalanced: still an operator to sh
			s.separator(Operator, p+1)
		}
	case '`':
		if s.top().ctx == ctxBackquote {
			s.pop()
			s.emitPart(SubstClose, p+1)
			return
		}
		s.openPart(SubstOpen, ctxBackquote, p+1)
	case '#':
		if s.w.kind == wordNone {
			e := strings.IndexByte(src[p:], '\n')
			if e < 0 {
				e = len(src)
			} else {
				e += p
			}
			s.emit(Comment, e)
			return
		}
		s.literal(p)
	default:
		s.wordByte(p)
	}
}

// wordByte scans a token that starts with src[p] inside a word; it is
// shared by the command and parameter contexts.
func (s *Scanner) wordByte(p int) {
	src := s.src
	switch src[p] {
	case '\\':
		s.emitPart(Escape, min(p+2, len(src)))
	case '\'':
		e := strings.IndexByte(src[p+1:], '\'')
		if e < 0 {
			if s.err == nil {
				s.err = &SyntaxError{Offset: p, What: "single quote"}
			}
			s.emitPart(SingleQuoted, len(src))
			return
		}
		s.emitPart(SingleQuoted, p+e+2)
	case '"':
		s.openPart(DoubleQuote, ctxDouble, p+1)
	case '$':
		s.dollar(p)
	default:
		s.literal(p)
	}
}

// literal emits the run of ordinary bytes starting at p.
func (s *Scanner) literal(p int) {
	e := p + 1
	for e < len(s.src) && !isSpecial(s.src[e]) {
		e++
	}
	s.emitPart(Literal, e)
}

// specialBytes marks with 1 the bytes that end a run of literal text at
// command level: blanks, newline, ; & | < > ( ) ` $ \ ' ". A constant
// string serves as an immutable lookup table.
const specialBytes = "" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x00\x00\x00\x00\x00" + // \t \n
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x01\x00\x01\x00\x01\x00\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00" + // space " $ & ' ( )
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x00\x01\x00" + // ; < >
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00" + // \\
	"\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" + // `
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00" // |

// isSpecial reports whether c ends a run of literal text at command level.
func isSpecial(c byte) bool { return c < 0x80 && specialBytes[c] == 1 }

func redirectSecond(c byte) string {
	if c == '<' {
		return "<&>"
	}
	return ">&|"
}

// opLen returns 2 when the text at s.pos starts with the two-byte op, else 1.
func (s *Scanner) opLen(op string) int {
	if strings.HasPrefix(s.src[s.pos:], op) {
		return 2
	}
	return 1
}

func (s *Scanner) redirect(end int) {
	s.endWord()
	s.w.redirect = true
	s.doc.op = 0
	switch s.src[s.pos:end] {
	case "<<":
		s.doc.op = 1
	case "<<-":
		s.doc.op = 2
	}
	s.emit(Redirect, end)
}
