package rasp

import (
	"strings"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

// sqlScan is the state of one check of an input against a query.
type sqlScan struct {
	query, input string
	toks         []sqltoken.Token
	// backslash says whether strings take backslash escapes; rawQuotes
	// whether an input whose quotes are kept in a literal only by their
	// own escaping counts (see rawQuoteReason).
	backslash, rawQuotes bool
	// literal is the index of the last literal token whose value was
	// checked for the input, and holds the answer: each literal is
	// decoded once however many occurrences it holds.
	literal int
	holds   bool
	// partial says that toks start after the start of the query (the
	// tokens before the first occurrence were skipped); needAll is set
	// when a verdict needed them.
	partial, needAll bool
}

// occurrenceReason says how the occurrence [s, e) of the input changes
// the structure of the query, or returns "" when it does not.
func (sc *sqlScan) occurrenceReason(s, e int) string {
	query, toks := sc.query, sc.toks
	i, j := sqlTokenSpan(toks, s, e)
	if i > j {
		return ""
	}
	first, last := toks[i], toks[j]
	if i == j {
		if sqlIsContainer(first.Kind) && s > first.Start {
			if n := sqlClosingLen(query, first); n > 0 && e > first.End-n {
				return "input supplies the closing delimiter of a " + first.Kind.String() + " the query opened"
			}
		}
		if sc.rawQuotes && (first.Kind == sqltoken.String || first.Kind == sqltoken.QuotedIdent) {
			return sc.rawQuoteReason(i, s, e)
		}
		if first.Kind == sqltoken.Comment && s == first.Start+1 && query[first.Start] != '#' {
			return "input completes a comment opener with the query's " + query[first.Start:s]
		}
		if first.Kind == sqltoken.Comment && s <= first.Start {
			if first.End > e {
				return "input opens a comment that hides the rest of the query"
			}
			if strings.TrimSpace(query[first.End:]) != "" {
				return "input adds a comment"
			}
		}
		return ""
	}
	if sqlIsContainer(first.Kind) && s > first.Start {
		return "input leaves a " + first.Kind.String() + sqlCrossed(query, toks[i:j+1])
	}
	if sqlIsContainer(last.Kind) && e < last.End {
		return "input opens a " + last.Kind.String() + " that runs past it" + sqlCrossed(query, toks[i:j+1])
	}
	var sigBuf [16]sqltoken.Token
	sig := sigBuf[:0]
	for _, t := range toks[i : j+1] {
		switch t.Kind {
		case sqltoken.Space:
			continue
		case sqltoken.Comment:
			return "input adds a comment" + sqlCrossed(query, toks[i:j+1])
		case sqltoken.Unterminated:
			return "input leaves the query unterminated" + sqlCrossed(query, toks[i:j+1])
		case sqltoken.Punct:
			if query[t.Start] == ';' {
				return "input adds a statement separator" + sqlCrossed(query, toks[i:j+1])
			}
		}
		sig = append(sig, t)
	}
	if len(sig) <= 1 || sc.benignShape(i, sig) {
		return ""
	}
	return "input adds SQL syntax" + sqlCrossed(query, toks[i:j+1])
}

// sqlTokenSpan returns the indexes of the first and last tokens that
// overlap [s, e), or i > j when none does (the occurrence is blanks).
func sqlTokenSpan(toks []sqltoken.Token, s, e int) (i, j int) {
	lo, hi := 0, len(toks)
	for lo < hi { // first token ending after s
		m := int(uint(lo+hi) >> 1)
		if toks[m].End <= s {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= len(toks) || toks[lo].Start >= e {
		return 1, 0
	}
	i, j = lo, lo
	for j+1 < len(toks) && toks[j+1].Start < e {
		j++
	}
	return i, j
}

// sqlIsContainer reports whether tokens of kind k enclose text that is
// not SQL code: the input must not cross their boundary.
func sqlIsContainer(k sqltoken.Kind) bool {
	return k == sqltoken.String || k == sqltoken.QuotedIdent || k == sqltoken.Comment
}

// sqlCrossed names the token kinds an occurrence covers, for the
// evidence: ": crosses string, keyword OR, number 1, operator =".
func sqlCrossed(query string, toks []sqltoken.Token) string {
	const maxNamed = 8
	var b strings.Builder
	b.WriteString(": crosses ")
	n := 0
	for _, t := range toks {
		if t.Kind == sqltoken.Space {
			continue
		}
		if n == maxNamed {
			b.WriteString(", ...")
			break
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(t.Kind.String())
		switch t.Kind {
		case sqltoken.Keyword, sqltoken.Operator, sqltoken.Punct, sqltoken.Ident, sqltoken.Number, sqltoken.Placeholder:
			text := query[t.Start:t.End]
			if len(text) > 20 {
				text = text[:20] + "..."
			}
			b.WriteByte(' ')
			b.WriteString(text)
		}
	}
	return b.String()
}
