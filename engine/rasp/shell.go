package rasp

import (
	"fmt"
	"strings"

	"github.com/sqreen-go/sqreen/engine/shelltoken"
)

// ShellInjection reports whether input, where it occurs in the POSIX sh
// command line command, changes the command's structure. See DetectShell.
func ShellInjection(command, input string) bool {
	_, ok := DetectShell(command, input)
	return ok
}

// DetectShell is the shell-injection detector.
//
// What it detects: a user input that, placed in a command line run by
// sh -c, adds shell syntax. The command line is tokenized with POSIX sh
// quoting rules (package shelltoken) and every occurrence of input is an
// attack when its bytes form part of:
//   - an unquoted control operator (; & | && || ( )), a redirection, a
//     newline or a comment;
//   - a command substitution ($( ), backquotes, <( )), an arithmetic
//     expansion or a parameter expansion ($NAME, ${...}), also inside
//     double quotes since sh expands them there;
//   - a new argument starting with "-" when the input also splits into
//     several words (argument injection, e.g. "x -oProxyCommand=...");
//   - a new command word (the input spans a word boundary and provides the
//     program to run), or the whole command line;
//   - a quote left open (the command no longer tokenizes).
//
// Not an attack: an input kept inside one single-quoted or double-quoted
// string (including ' written as '\”), an input without shell syntax, an
// input that only splits into several plain arguments ("foo bar"): that is
// a robustness bug of the caller, not a change of what runs. Positional and
// special parameters ($1, $$, $?) are not flagged: "costs $5" is text.
//
// Arguments: command is the script given to sh -c; input a request value.
// Inputs shorter than 2 bytes or absent from command never match.
//
// Example: DetectShell("ls -la x; id", "x; id") finds an operator.
func DetectShell(command, input string) (Finding, bool) {
	if len(input) < 2 {
		return Finding{}, false
	}
	first := strings.Index(command, input)
	if first < 0 {
		return Finding{}, false
	}
	if isWholeCommand(command, first, input) {
		return shellFinding(input, first, "input is the whole command line"), true
	}
	if !hasShellSyntaxByte(input) {
		return Finding{}, false
	}
	return scanShell(command, input, first)
}

// hasShellSyntaxByte reports whether s holds a byte without which an input
// cannot change the structure of a command line (it stays inside one
// literal word).
func hasShellSyntaxByte(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')', '`', '$', '\\', '\'', '"', '#':
			return true
		}
	}
	return false
}

func shellFinding(input string, offset int, reason string) Finding {
	return Finding{Kind: "shell", Input: input, Offset: offset, Reason: reason}
}

// isWholeCommand reports whether the occurrence at first covers every
// non-blank byte of command.
func isWholeCommand(command string, first int, input string) bool {
	trimmed := strings.TrimLeft(command, " \t\n")
	lead := len(command) - len(trimmed)
	trimmed = strings.TrimRight(trimmed, " \t\n")
	return first <= lead && first+len(input) >= lead+len(trimmed)
}

// occurrence is one place where the input occurs in the sink, with what
// the scan has learnt about it so far.
type occurrence struct {
	start, end int
	boundary   bool // a blank inside: the input splits into several words
	quote      bool // the input holds a quote that opens or closes a string
	// pending is a reason that only counts when boundary is set.
	pending string
}

// maxInlineOccurrences occurrences are tracked without allocating.
const maxInlineOccurrences = 8

func scanShell(command, input string, first int) (Finding, bool) {
	var buf [maxInlineOccurrences]occurrence
	occs := findOccurrences(buf[:0], command, input, first)
	last := occs[len(occs)-1].end
	var sc shelltoken.Scanner
	sc.Reset(command)
	for sc.Next() {
		t := sc.Token()
		if t.Start >= last && !anyQuote(occs) {
			return Finding{}, false // nothing after the input can change the verdict
		}
		for i := range occs {
			o := &occs[i]
			if t.End <= o.start || t.Start >= o.end {
				continue
			}
			if reason := shellTokenReason(command, t, o); reason != "" {
				return shellFinding(input, o.start, reason), true
			}
		}
	}
	if err := sc.Err(); err != nil {
		var off int
		if se, ok := err.(*shelltoken.SyntaxError); ok {
			off = se.Offset
		}
		for _, o := range occs {
			if o.quote || off >= o.start && off < o.end {
				return shellFinding(input, o.start, "input leaves the command unterminated: "+err.Error()), true
			}
		}
	}
	return Finding{}, false
}

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
// the command's structure, or returns "".
func shellTokenReason(command string, t shelltoken.Token, o *occurrence) string {
	text := command[t.Start:t.End]
	switch t.Kind {
	case shelltoken.Operator, shelltoken.Redirect, shelltoken.Newline,
		shelltoken.SubstOpen, shelltoken.SubstClose, shelltoken.ArithOpen, shelltoken.ArithClose:
		return fmt.Sprintf("input reaches %s %q%s", t.Kind, text, quotedSuffix(t))
	case shelltoken.Comment:
		if t.Start >= o.start {
			return "input starts a comment"
		}
	case shelltoken.ParamOpen:
		return "input adds a parameter expansion ${" + quotedSuffix(t)
	case shelltoken.Param:
		if len(text) > 1 && isShellNameStart(text[1]) {
			return fmt.Sprintf("input adds a parameter expansion %q%s", text, quotedSuffix(t))
		}
	case shelltoken.Blank:
		o.boundary = true
		if o.pending != "" {
			return o.pending
		}
	case shelltoken.SingleQuoted, shelltoken.DoubleQuote:
		if t.Kind == shelltoken.DoubleQuote || t.Start >= o.start || t.End-1 < o.end {
			o.quote = true
		}
	}
	if t.WordStart && t.Start >= o.start {
		if reason := newWordReason(command, t, o.end); reason != "" {
			if o.boundary {
				return reason
			}
			if o.pending == "" {
				o.pending = reason
			}
		}
	}
	return ""
}

// newWordReason says why a word starting inside the input (which ends at
// end) is dangerous when the input also splits words: it is a command, or
// an option whose dash and first letter come from the input.
func newWordReason(command string, t shelltoken.Token, end int) string {
	if t.Command {
		return "input adds a command word"
	}
	w := command[t.Start:]
	w = strings.TrimLeft(w, `'"\`)
	dash := len(command) - len(w)
	if dash+1 < end && len(w) >= 2 && w[0] == '-' && (w[1] == '-' || isShellNameStart(w[1])) {
		end := strings.IndexAny(w, " \t\n'\"")
		if end < 0 {
			end = len(w)
		}
		return fmt.Sprintf("input adds option argument %q", w[:end])
	}
	return ""
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
