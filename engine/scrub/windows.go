package scrub

import "strings"

// windowed reports whether alternative i of the default value regex is
// searched run by run (see windowSpans), and with which byte class and
// trigger: card numbers are made of digits, spaces and dashes and need 13
// digits; e-mail addresses are made of [A-Za-z0-9._%+-@] and need an '@'.
func windowed(i int) (in func(byte) bool, may func(string) bool, ok bool) {
	switch i {
	case altCard:
		return isCardByte, hasCardDigits, true
	case altEmail:
		return isEmailByte, hasAt, true
	}
	return nil, nil, false
}

// windowSpans appends the matches of re in t, found by searching only the
// maximal runs of bytes in the class in that pass may, each widened by one
// byte on both sides. Every match of re is made of bytes in the class, so
// it lies inside one run; the widening keeps \b at the run's edges judged
// as in the whole text. The result is the matches of re in t, at the cost
// of a few short searches instead of one over the whole text (Go's regexp
// is slow on long inputs); a fuzz test checks the equivalence.
func windowSpans(p valuePart, t string, in func(byte) bool, may func(string) bool, spans []span) []span {
	for i := 0; i < len(t); {
		if !in(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && in(t[j]) {
			j++
		}
		if may(t[i:j]) {
			lo, hi := max(i-1, 0), min(j+1, len(t))
			spans = p.appendMatches(t[lo:hi], lo, spans)
		}
		i = j
	}
	return spans
}

// appendMatches appends the matches of p in w, shifted by off, dropping
// card candidates that fail the Luhn check.
func (p valuePart) appendMatches(w string, off int, spans []span) []span {
	for _, m := range p.re.get().FindAllStringSubmatchIndex(w, -1) {
		if c := p.card; c >= 0 && m[2*c] >= 0 && !luhnCard(w[m[2*c]:m[2*c+1]]) {
			continue
		}
		if m[1] > m[0] {
			spans = append(spans, span{off + m[0], off + m[1]})
		}
	}
	return spans
}

func isCardByte(c byte) bool { return c >= '0' && c <= '9' || c == ' ' || c == '-' }

func isEmailByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '@'
}

func hasCardDigits(run string) bool {
	n := 0
	for i := 0; i < len(run); i++ {
		if run[i] >= '0' && run[i] <= '9' {
			n++
		}
	}
	return n >= 13
}

func hasAt(run string) bool { return strings.IndexByte(run, '@') >= 0 }
