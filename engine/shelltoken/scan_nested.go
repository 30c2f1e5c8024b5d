package shelltoken

// dollar scans a token starting with $ at p, in any context.
func (s *Scanner) dollar(p int) {
	src := s.src
	next := byte(0)
	if p+1 < len(src) {
		next = src[p+1]
	}
	switch {
	case next == '(' && p+2 < len(src) && src[p+2] == '(':
		s.openPart(ArithOpen, ctxArith, p+3)
	case next == '(':
		s.openPart(SubstOpen, ctxSubst, p+2)
	case next == '{':
		s.openPart(ParamOpen, ctxParam, p+2)
	case isNameStart(next):
		e := p + 2
		for e < len(src) && isNameByte(src[e]) {
			e++
		}
		s.emitPart(Param, e)
	case '0' <= next && next <= '9', next == '@', next == '*', next == '#', next == '?', next == '-', next == '$', next == '!':
		s.emitPart(Param, p+2)
	default: // a lone $ is literal text
		if s.top().quoted {
			s.emitPart(QuotedText, p+1)
		} else {
			s.emitPart(Literal, p+1)
		}
	}
}

// scanDouble scans one token inside double quotes.
func (s *Scanner) scanDouble() {
	src, p := s.src, s.pos
	switch src[p] {
	case '"':
		s.pop()
		s.emitPart(DoubleQuoteClose, p+1)
	case '\\':
		if p+1 < len(src) && isDoubleEscapable(src[p+1]) {
			s.emitPart(Escape, p+2)
			return
		}
		s.quotedText(p)
	case '$':
		s.dollar(p)
	case '`':
		s.openPart(SubstOpen, ctxBackquote, p+1)
	default:
		s.quotedText(p)
	}
}

func isDoubleEscapable(c byte) bool {
	return c == '$' || c == '`' || c == '"' || c == '\\' || c == '\n'
}

func (s *Scanner) quotedText(p int) {
	e := p + 1
	for e < len(s.src) {
		c := s.src[e]
		if c == '"' || c == '\\' || c == '$' || c == '`' {
			break
		}
		e++
	}
	s.emitPart(QuotedText, e)
}

// scanParam scans one token inside ${ }.
func (s *Scanner) scanParam() {
	src, p := s.src, s.pos
	switch src[p] {
	case '}':
		s.pop()
		s.emitPart(ParamClose, p+1)
	case '`':
		s.openPart(SubstOpen, ctxBackquote, p+1)
	case '\\', '$', '"':
		s.wordByte(p)
	case '\'':
		if s.top().quoted {
			s.nestedLiteral(p, "}\\$\"`")
			return
		}
		s.wordByte(p)
	default:
		s.nestedLiteral(p, "}\\$\"'`")
	}
}

// scanArith scans one token inside $(( )).
func (s *Scanner) scanArith() {
	src, p := s.src, s.pos
	f := s.top()
	switch src[p] {
	case '(':
		f.parens++
		s.emitPart(Literal, p+1)
	case ')':
		switch {
		case f.parens > 0:
			f.parens--
			s.emitPart(Literal, p+1)
		case p+1 < len(src) && src[p+1] == ')':
			s.pop()
			s.emitPart(ArithClose, p+2)
		default:
			s.emitPart(Literal, p+1)
		}
	case '`':
		s.openPart(SubstOpen, ctxBackquote, p+1)
	case '\\', '$', '"', '\'':
		s.wordByte(p)
	default:
		s.nestedLiteral(p, "()\\$\"'`")
	}
}

// nestedLiteral emits literal text from p up to the next byte of stop.
func (s *Scanner) nestedLiteral(p int, stop string) {
	e := p + 1
	for e < len(s.src) && !containsByte(stop, s.src[e]) {
		e++
	}
	k := Literal
	if s.top().quoted {
		k = QuotedText
	}
	s.emitPart(k, e)
}

func containsByte(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}
