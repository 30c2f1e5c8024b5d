package scrub

import "strings"

// splitAlternatives splits the regex source re at its top-level '|' into
// the sources of its alternatives, each prefixed with the flag group that
// opens re, if any (`(?i)a|b` gives `(?i)a` and `(?i)b`). It returns nil
// when re has a single alternative or sets flags after its start, where a
// split would change the meaning.
//
// Go's regexp engine is fast on one small pattern with a literal prefix or
// few states, and slow (an NFA simulation) on a long alternation such as
// the default value regex, so the scrubber compiles the alternatives one
// by one and searches each.
func splitAlternatives(re string) []string {
	flags := ""
	if strings.HasPrefix(re, "(?") {
		if end := strings.IndexByte(re, ')'); end > 0 && !strings.ContainsAny(re[2:end], ":<P'") {
			flags, re = re[:end+1], re[end+1:]
		}
	}
	var parts []string
	depth, start := 0, 0
	inClass := false
	for i := 0; i < len(re); i++ {
		switch c := re[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if strings.HasPrefix(re[i+1:], "^]") {
				i += 2
			} else if strings.HasPrefix(re[i+1:], "]") {
				i++
			}
		case c == '(':
			if depth == 0 && isFlagGroup(re[i:]) {
				return nil
			}
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			parts = append(parts, flags+re[start:i])
			start = i + 1
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return append(parts, flags+re[start:])
}

// isFlagGroup reports whether g starts with a bare flag group such as
// `(?i)`, which changes the flags of everything after it.
func isFlagGroup(g string) bool {
	if !strings.HasPrefix(g, "(?") {
		return false
	}
	for i := 2; i < len(g); i++ {
		switch c := g[i]; {
		case c == ')':
			return true
		case c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return false
}
