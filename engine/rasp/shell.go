package rasp

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/sqreen-go/sqreen/engine/shelltoken"
)

// ShellInjection reports whether input, where it occurs in the POSIX sh
// command line command, changes the command's structure. See DetectShell.
func ShellInjection(command, input string) bool {
	_, ok := detectShell(command, input, 0)
	return ok
}

// DetectShell is the shell-injection detector.
//
// What it detects: a user input that, placed in a command line run by
// sh -c, adds shell syntax. The command line is tokenized with POSIX sh
// quoting rules (package shelltoken) and an occurrence of input is an
// attack when its bytes form part of:
//   - an unquoted control operator (; & | && || ( )), a redirection, a
//     newline followed by more text, the "#" of a comment, or the line
//     that ends a here-document;
//   - the opening of a command substitution ($( ), backquotes, <( >( )
//     or an arithmetic expansion, or a parameter expansion ($NAME, ${...},
//     $@, $?...), also inside double quotes since sh expands them there;
//     a tilde expansion (~/.ssh) at the start of a word;
//   - an option carrying a value ("--upload-pack=x", "-oProxyCommand=x");
//   - a command word, whole or in part, when the input also spans a word
//     boundary ("rm -rf", "echo hello" after the template's ";"), or the
//     whole command line;
//   - a quote of the template that the input closes or opens, when the
//     input also adds arguments ('x' 'y' built from "x' 'y");
//   - a command that no longer tokenizes (an unterminated quote) because
//     of the input, or that leaves the input inside an unterminated quote;
//   - any of the above inside a script handed to a nested shell as one
//     quoted word (sh -c '...', bash -lc "...", eval '...'), up to two
//     shells deep: quotes protect the input from the outer shell only.
//
// Not an attack: an input kept inside one single-quoted or double-quoted
// string (an embedded ' escaped as quote, backslash, quote, quote); an
// input without shell syntax;
// plain arguments and flags ("foo bar", "-r -t"): they split into several
// arguments of the program the application chose, which is a robustness
// bug of the caller, not a change of what runs; a single word equal to a
// command word ("file" in "file -b x"), since applications map such values
// to programs from allow-lists; closing parentheses and braces alone; glob
// characters; positional parameters ("costs $5").
//
// Arguments: command is the script given to sh -c (the runtime passes that
// script, never an argv joined with spaces); input a request value.
// Inputs shorter than 2 bytes or absent from command never match.
//
// Example: DetectShell("ls -la x; id", "x; id") finds an operator.
func DetectShell(command, input string) (Finding, bool) {
	h, ok := detectShell(command, input, 0)
	if !ok {
		return Finding{}, false
	}
	reason := h.reason.String()
	for range h.nesting {
		reason = "in the script of a nested shell, " + reason
	}
	return Finding{Kind: "shell", Input: input, Offset: h.offset, Reason: reason}, true
}

// shellHit is what detectShell found, kept unformatted so that
// ShellInjection, which only wants the verdict, allocates nothing.
type shellHit struct {
	offset  int
	reason  shellReason
	nesting int // how many nested shells deep the input was found
}

// shellReason is the reason of a finding in parts, formatted by String
// only when a Finding is asked for.
type shellReason struct {
	msg    string          // the sentence, or its beginning when kind or text follow
	kind   shelltoken.Kind // named after msg when hasKind
	text   string          // quoted after msg (and kind) when quote is set
	suffix string          // appended last
	err    error           // appended after msg when not nil
	// hasKind and quote say which of kind and text are part of the reason.
	hasKind, quote bool
}

func reasonOf(msg string) shellReason { return shellReason{msg: msg} }

func (r shellReason) isZero() bool { return r.msg == "" }

func (r shellReason) String() string {
	s := r.msg
	if r.hasKind {
		s += " " + r.kind.String()
	}
	if r.quote {
		s += " " + strconv.Quote(r.text)
	}
	if r.err != nil {
		s += r.err.Error()
	}
	return s + r.suffix
}

func detectShell(command, input string, nesting int) (shellHit, bool) {
	if len(input) < 2 {
		return shellHit{}, false
	}
	first := strings.Index(command, input)
	if first < 0 {
		return shellHit{}, false
	}
	if isWholeCommand(command, first, input) {
		return shellHit{offset: first, reason: reasonOf("input is the whole command line")}, true
	}
	if !hasShellSyntaxByte(input) {
		return shellHit{}, false
	}
	h, ok, shells := scanShell(command, input, first)
	if ok {
		return h, true
	}
	if nesting >= maxShellNesting || !shells {
		return shellHit{}, false
	}
	var found shellHit
	var hit bool
	nestedScripts(command, func(script string, offset int) bool {
		h, ok := detectShell(script, input, nesting+1)
		if ok {
			h.offset += offset
			h.nesting++
			found, hit = h, true
		}
		return ok
	})
	return found, hit
}

// hasShellSyntaxByte reports whether s holds a byte without which an input
// cannot change the structure of a command line (it stays inside one
// literal word).
func hasShellSyntaxByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 && shellSyntaxBytes[c] == 1 {
			return true
		}
	}
	return false
}

// shellSyntaxBytes marks with 1 the bytes hasShellSyntaxByte looks for:
// blanks, newline, ; & | < > ( ) ` $ \ ' " # ~ =. A constant string serves
// as an immutable lookup table.
const shellSyntaxBytes = "" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x00\x00\x00\x00\x00" + // \t \n
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x01\x00\x01\x01\x01\x00\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00" + // space " # $ & ' ( )
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x01\x01\x01\x00" + // ; < = >
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00" + // \\
	"\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" + // `
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01\x00" // | ~

func hitAt(offset int, reason shellReason) shellHit {
	return shellHit{offset: offset, reason: reason}
}

// isWholeCommand reports whether the occurrence at first covers every
// non-blank byte of command.
func isWholeCommand(command string, first int, input string) bool {
	lead, tail := 0, len(command)
	for lead < tail && isShellBlank(command[lead]) {
		lead++
	}
	if first > lead {
		return false
	}
	for tail > lead && isShellBlank(command[tail-1]) {
		tail--
	}
	return tail > lead && first+len(input) >= tail
}

func isShellBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// occurrence is one place where the input occurs in the sink, with what
// the scan has learnt about it so far.
type occurrence struct {
	start, end int
	boundary   bool // an unquoted blank inside: the input splits words
	quote      bool // the input holds a quote that opens or closes a string
	quoteBreak bool // the input closes or opens a string of the template
	// pending is a reason that only counts when boundary is set.
	pending shellReason
}

func (o *occurrence) overlaps(t shelltoken.Token) bool { return t.Start < o.end && t.End > o.start }
func (o *occurrence) holds(i int) bool                 { return i >= o.start && i < o.end }

// maxInlineOccurrences occurrences are tracked without allocating.
const maxInlineOccurrences = 8

// scanShell judges every occurrence with one scan of command. Its last
// result says whether a command word of command runs a shell or eval, so
// that a nested script may follow.
func scanShell(command, input string, first int) (_ shellHit, _ bool, shells bool) {
	var buf [maxInlineOccurrences]occurrence
	occs := findOccurrences(buf[:0], command, input, first)
	last := occs[len(occs)-1].end
	// Offsets of the double quotes still open, to pair them with their
	// closing quote.
	var dqBuf [16]int
	dq := dqBuf[:0]
	// Tokens and occurrences both come in order: occs[lo:] are the
	// occurrences not yet left behind, so each token only meets the
	// occurrences it overlaps and the scan stays linear.
	lo := 0
	var sc shelltoken.Scanner
	sc.Reset(command)
	for sc.Next() {
		t := sc.Token()
		if t.Command && t.WordStart && !shells {
			shells = isShellProgram(command[t.Start:t.End]) || command[t.Start:t.End] == "eval"
		}
		if t.Start >= last {
			if !anyQuote(occs) {
				return shellHit{}, false, shells // nothing after the input can change the verdict
			}
			last = len(command) + 1 // only the final syntax check is left
		}
		opener := -1
		switch t.Kind {
		case shelltoken.DoubleQuote:
			dq = append(dq, t.Start)
		case shelltoken.DoubleQuoteClose:
			if len(dq) > 0 {
				opener, dq = dq[len(dq)-1], dq[:len(dq)-1]
			}
		}
		for lo < len(occs) && occs[lo].end <= t.Start {
			lo++
		}
		for i := lo; i < len(occs) && occs[i].start < t.End; i++ {
			o := &occs[i]
			if t.Kind == shelltoken.DoubleQuoteClose && opener >= 0 && !o.holds(opener) {
				o.quoteBreak = true
			}
			if t.Kind == shelltoken.DoubleQuote {
				o.quote = true // its pair is judged when it closes
			}
			if reason := shellTokenReason(command, t, o); !reason.isZero() {
				return hitAt(o.start, reason), true, shells
			}
		}
		if t.Kind == shelltoken.DoubleQuoteClose && opener >= 0 {
			// An opening quote inside the input closed by the template: the
			// occurrences holding it start in (opener-len(input), opener].
			i := sort.Search(len(occs), func(i int) bool { return occs[i].end > opener })
			for ; i < len(occs) && occs[i].start <= opener; i++ {
				if o := &occs[i]; !o.holds(t.Start) {
					o.quoteBreak = true
					if o.boundary {
						return hitAt(o.start, reasonOf(quoteBreakReason)), true, shells
					}
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		off := 0
		var se *shelltoken.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		for _, o := range occs {
			if o.quote || o.start >= off {
				return hitAt(o.start, shellReason{msg: "input leaves the command unparsable: ", err: err}), true, shells
			}
		}
	}
	return shellHit{}, false, shells
}

const quoteBreakReason = "input breaks out of a quoted string and adds arguments"

func anyQuote(occs []occurrence) bool {
	for _, o := range occs {
		if o.quote {
			return true
		}
	}
	return false
}

// findOccurrences appends every (possibly overlapping) occurrence of
// input in s, the first of which is at first.
func findOccurrences(dst []occurrence, s, input string, first int) []occurrence {
	for i := first; i >= 0; {
		dst = append(dst, occurrence{start: i, end: i + len(input)})
		j := strings.Index(s[i+1:], input)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return dst
}

// shellTokenReason says how token t, which overlaps occurrence o, changes
// the command's structure, or returns the zero shellReason.
func shellTokenReason(command string, t shelltoken.Token, o *occurrence) shellReason {
	text := command[t.Start:t.End]
	switch t.Kind {
	case shelltoken.Operator, shelltoken.Redirect, shelltoken.SubstOpen, shelltoken.ArithOpen:
		return shellReason{msg: "input reaches", kind: t.Kind, hasKind: true, text: text, quote: true, suffix: quotedSuffix(t)}
	case shelltoken.Newline:
		if strings.TrimLeft(command[t.End:], " \t\n") != "" {
			return reasonOf("input reaches a newline that starts another command")
		}
	case shelltoken.Comment:
		if o.holds(t.Start) {
			return reasonOf("input starts a comment")
		}
	case shelltoken.HeredocEnd:
		return reasonOf("input ends the here-document")
	case shelltoken.ParamOpen:
		return shellReason{msg: "input adds a parameter expansion ${", suffix: quotedSuffix(t)}
	case shelltoken.Param:
		if len(text) > 1 && !('0' <= text[1] && text[1] <= '9') {
			return shellReason{msg: "input adds a parameter expansion", text: text, quote: true, suffix: quotedSuffix(t)}
		}
	case shelltoken.Blank:
		o.boundary = true
		if o.quoteBreak {
			return reasonOf(quoteBreakReason)
		}
		if !o.pending.isZero() {
			return o.pending
		}
	case shelltoken.SingleQuoted:
		openIn := o.holds(t.Start)
		closed := t.End-t.Start >= 2 && command[t.End-1] == '\''
		closeIn := closed && o.holds(t.End-1)
		o.quote = o.quote || openIn || closeIn
		if openIn != closeIn && closed {
			o.quoteBreak = true
			if o.boundary {
				return reasonOf(quoteBreakReason)
			}
		}
	case shelltoken.DoubleQuoteClose:
		o.quote = true
		if o.quoteBreak && o.boundary {
			return reasonOf(quoteBreakReason)
		}
	}
	if t.Command && o.pending.isZero() {
		if t.WordStart && o.holds(t.Start) {
			o.pending = reasonOf("input adds a command word")
		} else if t.Start < o.start {
			o.pending = reasonOf("input changes the command word")
		}
	}
	if t.WordStart && o.holds(t.Start) && !t.Command {
		if command[t.Start] == '~' {
			return reasonOf("input adds a tilde expansion")
		}
		if reason := optionReason(command, t, o.end); !reason.isZero() {
			return reason
		}
	}
	if o.boundary && !o.pending.isZero() {
		return o.pending
	}
	return shellReason{}
}

// optionReason says why a word starting inside the input (which ends at
// end) is dangerous: it is an option carrying a value ("--upload-pack=x",
// "-oProxyCommand=x"), whose dash, name and "=" come from the input.
// Plain flags ("-r", "-l") are left alone: they stay options of the
// program the application chose.
func optionReason(command string, t shelltoken.Token, end int) shellReason {
	dash := t.Start
	for dash < len(command) && (command[dash] == '\'' || command[dash] == '"' || command[dash] == '\\') {
		dash++
	}
	w := command[dash:]
	if len(w) < 3 || w[0] != '-' || !(w[1] == '-' || isShellNameStart(w[1])) {
		return shellReason{}
	}
	wordEnd := 0
	for wordEnd < len(w) && !isWordBreak(w[wordEnd]) {
		wordEnd++
	}
	eq := strings.IndexByte(w[:wordEnd], '=')
	if eq < 0 || dash+eq >= end {
		return shellReason{}
	}
	return shellReason{msg: "input adds option argument", text: w[:wordEnd], quote: true}
}

func isWordBreak(c byte) bool {
	switch c {
	case ' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')':
		return true
	}
	return false
}

func quotedSuffix(t shelltoken.Token) string {
	if t.Quoted {
		return " inside double quotes"
	}
	return ""
}

func isShellNameStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
