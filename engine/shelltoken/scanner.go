package shelltoken

// maxDepth bounds the nesting of quotes and substitutions. Deeper input is
// reported as a SyntaxError rather than growing a stack. The stack is part
// of the Scanner, so a small bound keeps a Scanner cheap to create.
const maxDepth = 16

// ctx is the syntactic context a frame of the nesting stack stands for.
type ctx uint8

const (
	ctxCommand   ctx = iota // top level: commands and words
	ctxSubst                // $( ... ) or <( ... ) or >( ... )
	ctxBackquote            // ` ... `
	ctxSubshell             // ( ... )
	ctxDouble               // " ... "
	ctxParam                // ${ ... }
	ctxArith                // $(( ... ))
	ctxHeredoc              // the body of a here-document whose delimiter is unquoted
)

var ctxNames = [...]string{
	ctxCommand:   "command",
	ctxSubst:     "command substitution",
	ctxBackquote: "backquote substitution",
	ctxSubshell:  "subshell parenthesis",
	ctxDouble:    "double quote",
	ctxParam:     "parameter expansion",
	ctxArith:     "arithmetic expansion",
	ctxHeredoc:   "here-document",
}

// word kinds: what the word being scanned is.
const (
	wordNone     = iota // between words
	wordCommand         // in command position
	wordArg             // an argument
	wordRedirect        // the target of a redirection
)

// wordState is what the scanner knows about the current simple command
// and word; frames save it when a substitution starts a new command.
type wordState struct {
	cmdPos    bool // the next word is in command position
	redirect  bool // the next word is a redirection target
	kind      uint8
	litOnly   bool  // the word so far is unquoted literal text only
	assign    bool  // the word starts with NAME=
	litTokens uint8 // unquoted literal tokens in the word, up to 255
	heredoc   uint8 // the word is a here-document delimiter: 1 after <<, 2 after <<-
	start     int32 // first byte of the current word
}

// frame is one level of nesting; it is kept small since a Scanner holds
// maxDepth of them.
type frame struct {
	ctx    ctx
	quoted bool
	depth  uint8
	open   int32 // offset of the opener
	parens int32 // arithmetic: open parentheses
	end    int32 // here-document: end of the body
	saved  wordState
}

// Scanner tokenizes a command line. The zero Scanner is not ready: use
// NewScanner or Reset. A Scanner does not allocate.
type Scanner struct {
	src   string
	pos   int
	stack [maxDepth]frame
	n     int // frames in use; stack[0] is the top level
	w     wordState
	tok   Token
	err   error
	doc   heredocQueue
}

// NewScanner returns a Scanner for src.
func NewScanner(src string) *Scanner {
	s := new(Scanner)
	s.Reset(src)
	return s
}

// maxLen is the longest command line a Scanner accepts; offsets are kept
// in 32 bits.
const maxLen = 1<<31 - 1

// Reset prepares s to tokenize src. A src longer than 2 GiB yields no
// token and a SyntaxError.
func (s *Scanner) Reset(src string) {
	s.src, s.pos, s.n, s.err = src, 0, 1, nil
	if len(src) > maxLen {
		s.src, s.err = "", &SyntaxError{What: "command line longer than 2 GiB"}
	}
	s.stack[0] = frame{ctx: ctxCommand}
	s.w = wordState{cmdPos: true}
	s.tok = Token{}
	s.doc = heredocQueue{}
}

// Token returns the token found by the last call to Next.
func (s *Scanner) Token() Token { return s.tok }

// Err returns the syntax error found, if any. It is meaningful once Next
// has returned false, and may be set earlier for an unterminated single
// quote (whose token runs to the end of the input).
func (s *Scanner) Err() error { return s.err }

// Next advances to the next token and reports whether there is one.
func (s *Scanner) Next() bool {
	if s.pos >= len(s.src) {
		for s.n > 1 && s.top().ctx == ctxHeredoc { // sh only warns
			s.pop()
		}
		if s.n > 1 && s.err == nil {
			f := &s.stack[s.n-1]
			s.err = &SyntaxError{Offset: int(f.open), What: ctxNames[f.ctx]}
		}
		return false
	}
	switch {
	case s.doc.endPending:
		return s.emitHeredocEnd()
	case s.doc.bodyNext:
		s.startHeredoc()
		return true
	}
	switch s.stack[s.n-1].ctx {
	case ctxHeredoc:
		s.scanHeredoc()
	case ctxDouble:
		s.scanDouble()
	case ctxParam:
		s.scanParam()
	case ctxArith:
		s.scanArith()
	default:
		s.scanCommand()
	}
	return true
}

func (s *Scanner) top() *frame { return &s.stack[s.n-1] }

// emit records the token [s.pos, end) and advances.
func (s *Scanner) emit(k Kind, end int) {
	f := s.top()
	t := &s.tok
	t.Start, t.End, t.Depth, t.Kind = s.pos, end, int(f.depth), k
	t.Quoted, t.Command, t.WordStart = f.quoted, false, false
	s.pos = end
}

// emitPart emits a token that is part of a word, starting the word when
// none is open.
func (s *Scanner) emitPart(k Kind, end int) {
	start := false
	if s.w.kind == wordNone {
		start = true
		s.w.start, s.w.litOnly, s.w.assign, s.w.litTokens = int32(s.pos), true, false, 0
		switch {
		case s.w.redirect:
			s.w.kind, s.w.redirect = wordRedirect, false
			s.w.heredoc, s.doc.op = s.doc.op, 0
		case s.w.cmdPos:
			s.w.kind = wordCommand
		default:
			s.w.kind = wordArg
		}
		if k == Literal && isAssignment(s.src[s.pos:end]) {
			s.w.assign = true
		}
	}
	if f := s.top(); k == Literal && !f.quoted && f.ctx != ctxParam && f.ctx != ctxArith {
		if s.w.litTokens < 255 {
			s.w.litTokens++
		}
	} else {
		s.w.litOnly = false
	}
	s.emit(k, end)
	s.tok.WordStart = start
	s.tok.Command = s.w.kind == wordCommand
}

// endWord closes the current word, if any, and updates whether the next
// word is in command position.
func (s *Scanner) endWord() {
	if s.w.kind == wordRedirect && s.w.heredoc != 0 {
		s.doc.add(int(s.w.start), s.pos, s.w.heredoc == 2)
		s.w.heredoc = 0
	}
	if s.w.kind == wordCommand && !s.w.assign {
		if !(s.w.litOnly && s.w.litTokens == 1 && isReserved(s.src[int(s.w.start):s.pos])) {
			s.w.cmdPos = false
		}
	}
	s.w.kind = wordNone
}

// separator ends the word and the simple command: the next word is a command.
func (s *Scanner) separator(k Kind, end int) {
	s.endWord()
	s.w.cmdPos, s.w.redirect = true, false
	s.emit(k, end)
}

func (s *Scanner) push(c ctx, opener int) bool {
	if s.n == maxDepth {
		if s.err == nil {
			s.err = &SyntaxError{Offset: opener, What: ctxNames[c] + " nested too deeply"}
		}
		return false
	}
	parent := s.top()
	f := &s.stack[s.n]
	*f = frame{ctx: c, open: int32(opener), quoted: parent.quoted, depth: parent.depth}
	switch c {
	case ctxDouble:
		f.quoted = true
	case ctxSubst, ctxBackquote, ctxSubshell:
		f.quoted = false
		f.saved = s.w
		s.w = wordState{cmdPos: true}
	case ctxHeredoc: // expands like double quotes; holds no command
		f.quoted = true
		f.saved = s.w
		s.w = wordState{}
	}
	if c != ctxDouble && c != ctxSubshell && c != ctxHeredoc {
		f.depth++
	}
	s.n++
	return true
}

func (s *Scanner) pop() {
	f := s.top()
	switch f.ctx {
	case ctxSubst, ctxBackquote, ctxSubshell, ctxHeredoc:
		s.endWord()
		s.w = f.saved
	}
	s.n--
}

// openPart emits the opener of a nested construct that is part of a word
// and enters its context. When the stack is full the opener is emitted as
// literal text and the scan goes on in the current context.
func (s *Scanner) openPart(k Kind, c ctx, end int) {
	opener := s.pos
	s.emitPart(k, end)
	if !s.push(c, opener) {
		s.tok.Kind = Literal
	}
}

func isNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isNameByte(c byte) bool { return isNameStart(c) || '0' <= c && c <= '9' }

// isAssignment reports whether lit starts with NAME=.
func isAssignment(lit string) bool {
	if lit == "" || !isNameStart(lit[0]) {
		return false
	}
	for i := 1; i < len(lit); i++ {
		switch c := lit[i]; {
		case c == '=':
			return true
		case !isNameByte(c):
			return false
		}
	}
	return false
}

// isReserved reports whether a command word is a reserved word after which
// another command word follows.
func isReserved(w string) bool {
	switch w {
	case "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "exec", "command", "builtin", "nohup", "env", "sudo", "xargs":
		return true
	}
	return false
}
