package shelltoken

import "strings"

// This file holds here-documents: after "<<WORD" and the newline ending
// its command, the lines up to one equal to WORD are the document's body.
// With a quoted WORD the body is literal text (one HeredocBody token);
// otherwise sh expands $ and backquotes in it as inside double quotes.

// maxHeredocs bounds the here-documents pending on one line; further ones
// are tokenized as ordinary text.
const maxHeredocs = 4

// heredoc is a here-document whose body has not been read yet.
type heredoc struct {
	delimStart, delimEnd int32 // the delimiter word, quotes included
	stripTabs            bool  // <<- removes leading tabs from body lines
}

type heredocQueue struct {
	docs       [maxHeredocs]heredoc
	n          int
	op         uint8 // 1 after <<, 2 after <<-: the next word is a delimiter
	bodyNext   bool  // the body of docs[0] starts at the scanner's position
	endPending bool  // the body is done: the end line is next
	termEnd    int   // end of the line closing docs[0]
}

func (q *heredocQueue) add(start, end int, stripTabs bool) {
	if q.n < maxHeredocs && end > start {
		q.docs[q.n] = heredoc{delimStart: int32(start), delimEnd: int32(end), stripTabs: stripTabs}
		q.n++
	}
}

func (q *heredocQueue) pop() {
	copy(q.docs[:], q.docs[1:q.n])
	q.n--
	q.bodyNext = q.n > 0
}

// startHeredoc reads the body of the first pending here-document.
func (s *Scanner) startHeredoc() {
	s.doc.bodyNext = false
	d := s.doc.docs[0]
	delim := s.src[d.delimStart:d.delimEnd]
	bodyEnd, termEnd := findHeredocEnd(s.src, s.pos, delim, d.stripTabs)
	s.doc.termEnd = termEnd
	if strings.ContainsAny(delim, `'"\`) {
		if bodyEnd > s.pos {
			s.emit(HeredocBody, bodyEnd)
			s.doc.endPending = true
			return
		}
		s.emitHeredocEnd()
		return
	}
	if bodyEnd == s.pos {
		s.emitHeredocEnd()
		return
	}
	opener := s.pos
	if !s.push(ctxHeredoc, opener) {
		s.emit(HeredocBody, bodyEnd)
		s.doc.endPending = true
		return
	}
	s.top().end = int32(bodyEnd)
	s.scanHeredoc()
}

// emitHeredocEnd emits the line closing the first here-document and
// moves on to the next. It reports false when the document has no closing
// line (its body ran to the end of the input), which leaves nothing to emit.
func (s *Scanner) emitHeredocEnd() bool {
	s.doc.endPending = false
	end := s.doc.termEnd
	s.doc.pop()
	if end > s.pos {
		s.emit(HeredocEnd, end)
		return true
	}
	return false
}

// scanHeredoc scans one token of an expanding here-document body.
func (s *Scanner) scanHeredoc() {
	f := s.top()
	end := int(f.end)
	if s.pos >= end {
		s.pop()
		s.emitHeredocEnd()
		return
	}
	p := s.pos
	switch s.src[p] {
	case '\\':
		if p+1 < end && (s.src[p+1] == '$' || s.src[p+1] == '`' || s.src[p+1] == '\\' || s.src[p+1] == '\n') {
			s.emitPart(Escape, p+2)
			return
		}
	case '$':
		s.dollar(p)
		return
	case '`':
		s.openPart(SubstOpen, ctxBackquote, p+1)
		return
	}
	e := p + 1
	for e < end && s.src[e] != '\\' && s.src[e] != '$' && s.src[e] != '`' {
		e++
	}
	s.emit(QuotedText, e)
}

// findHeredocEnd finds, from pos, the first line equal to the delimiter
// (after quote removal, and after leading tabs when stripTabs). It returns
// where that line starts and ends (newline included); both are len(src)
// when no line matches.
func findHeredocEnd(src string, pos int, delim string, stripTabs bool) (bodyEnd, termEnd int) {
	for i := pos; i < len(src); {
		lineEnd := strings.IndexByte(src[i:], '\n')
		next := len(src)
		if lineEnd < 0 {
			lineEnd = len(src)
		} else {
			lineEnd += i
			next = lineEnd + 1
		}
		line := src[i:lineEnd]
		if stripTabs {
			line = strings.TrimLeft(line, "\t")
		}
		if matchesDelimiter(line, delim) {
			return i, next
		}
		i = next
	}
	return len(src), len(src)
}

// matchesDelimiter reports whether line equals delim once the quotes and
// backslashes of delim are removed.
func matchesDelimiter(line, delim string) bool {
	j := 0
	var quote byte
	for i := 0; i < len(delim); i++ {
		c := delim[i]
		switch {
		case quote == 0 && (c == '\'' || c == '"'):
			quote = c
			continue
		case quote != 0 && c == quote:
			quote = 0
			continue
		case quote != '\'' && c == '\\' && i+1 < len(delim):
			i++
			c = delim[i]
		}
		if j >= len(line) || line[j] != c {
			return false
		}
		j++
	}
	return j == len(line)
}
