package rasp

import (
	"strings"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

// sqlPlainWord reports whether input is made of word bytes only (ASCII
// letters and digits, "_", and bytes of non-ASCII characters) with no
// digit followed by a letter. Such an input lies inside one token wherever
// it occurs: in SQL, two tokens meet inside a run of word bytes only where
// a number ends and a word starts ("1abc" in PostgreSQL). It holds no
// quote, comment or escape byte, so it can leave nothing open either. No
// need to tokenize: it is safe.
func sqlPlainWord(input string) bool {
	for i := 0; i < len(input); i++ {
		c := input[i]
		switch {
		case '0' <= c && c <= '9':
			if i+1 < len(input) && !('0' <= input[i+1] && input[i+1] <= '9') {
				return false
			}
		case ('a' <= c|0x20 && c|0x20 <= 'z') || c == '_' || c >= 0x80:
		default:
			return false
		}
	}
	return true
}

// detectSQL checks every occurrence of the input in query. Unless primary
// is set (a second reading of the query), a query left open, or a quote
// kept in a literal by its escapes, is not by itself an attack.
//
// An escaped occurrence is what an application that escapes quotes
// inserted: it is safe when it stays inside one literal, and an attack
// when it still leaves it, as quotes doubled do in MySQL when the input's
// backslash escapes the first quote of a pair, and backslash escapes do in
// PostgreSQL's standard strings, where a backslash is an ordinary byte.
//
// Tokens before the first occurrence are skipped (sqltoken's SkipTo): only
// the tokens an occurrence covers are kept, a few, on the stack. The rare
// verdict that needs earlier tokens (is there an ORDER BY before these
// sort keys?) tokenizes the whole query again.
func detectSQL(query string, o *sqlOccurrences, d sqltoken.Dialect, primary bool) (Finding, bool) {
	var buf [24]sqltoken.Token
	f, ok, needAll := detectSQLFrom(buf[:0], query, o, d, primary, o.start())
	if needAll {
		return detectSQLAll(query, o, d, primary)
	}
	return f, ok
}

// detectSQLAll is detectSQL on all the tokens of query. It is not inlined
// so that its larger buffer is not zeroed on every call of detectSQL.
//
//go:noinline
func detectSQLAll(query string, o *sqlOccurrences, d sqltoken.Dialect, primary bool) (Finding, bool) {
	var buf [128]sqltoken.Token // a ~150-byte query has ~35 tokens besides blanks
	f, ok, _ := detectSQLFrom(buf[:0], query, o, d, primary, 0)
	return f, ok
}

// detectSQLFrom is detectSQL on the tokens from the one holding byte
// from, appended to dst. It reports needAll when a verdict needs the
// tokens before (an ORDER BY clause to find), so that the caller
// tokenizes from 0.
func detectSQLFrom(dst []sqltoken.Token, query string, o *sqlOccurrences, d sqltoken.Dialect, primary bool, from int) (f Finding, ok, needAll bool) {
	toks, err := sqlTokens(dst, query, o, d, from)
	sc := sqlScan{
		query: query, input: o.input, toks: toks, partial: from > 0,
		backslash: d.BackslashEscapes(), rawQuotes: primary, literal: -1,
	}
	input := o.input
	for s := o.first; s >= 0; {
		e := s + len(input)
		reason := sc.occurrenceReason(s, e)
		if sc.needAll {
			return Finding{}, false, true
		}
		if reason != "" {
			return sqlFinding(input, s, reason), true, false
		}
		if err != nil && primary && sqlCausesError(query, toks, input, s, e) {
			return sqlFinding(input, s, "input leaves the query unterminated ("+err.Error()+")"), true, false
		}
		if s == o.last {
			break
		}
		s = sqlNextIndex(query, input, s)
	}
	sc.rawQuotes = false
	for _, esc := range [...]struct {
		form  string
		first int
		how   string
	}{
		{o.doubled, o.doubledFirst, "escaped by doubling its quotes, "},
		{o.backslashed, o.bsFirst, "escaped with backslashes, "},
	} {
		for s := esc.first; s >= 0; {
			reason := sc.occurrenceReason(s, s+len(esc.form))
			if sc.needAll {
				return Finding{}, false, true
			}
			if reason != "" {
				return sqlFinding(input, s, esc.how+reason), true, false
			}
			s = sqlNextIndex(query, esc.form, s)
		}
	}
	return Finding{}, false, false
}

// sqlLastIndex returns the start of the last occurrence of s in query,
// the first of which is at first (-1: none). Searching forward, with the
// fast first-byte scan strings.Index does, beats strings.LastIndex.
func sqlLastIndex(query, s string, first int) int {
	last := first
	for last >= 0 {
		next := sqlNextIndex(query, s, last)
		if next < 0 {
			break
		}
		last = next
	}
	return last
}

// sqlNextIndex returns the start of the next occurrence of s in query
// after the one at prev, or -1.
func sqlNextIndex(query, s string, prev int) int {
	next := strings.Index(query[prev+1:], s)
	if next < 0 {
		return -1
	}
	return prev + 1 + next
}

// sqlTokens appends the tokens of query but blanks, from the one holding
// byte from, to dst, and the error of a construct left open. Tokens after
// the last occurrence of the input (verbatim or escaped) are needed only
// when the input ends with a quote or backslash, as it can leave the rest
// of the query open: otherwise tokenizing stops there.
func sqlTokens(dst []sqltoken.Token, query string, o *sqlOccurrences, d sqltoken.Dialect, from int) ([]sqltoken.Token, error) {
	stop := len(query)
	switch o.input[len(o.input)-1] {
	case '\'', '"', '`', '\\':
	default:
		stop = 0
		if o.last >= 0 {
			stop = o.last + len(o.input)
		}
		for _, form := range [...]string{o.doubled, o.backslashed} {
			if last := strings.LastIndex(query, form); form != "" && last >= 0 {
				stop = max(stop, last+len(form))
			}
		}
	}
	tz := sqltoken.New(query, d)
	tz.SkipTo(from)
	for {
		tok, ok := tz.Next()
		if !ok {
			return dst, tz.Err()
		}
		if tok.Kind != sqltoken.Space { // blanks never matter: gaps
			dst = append(dst, tok)
		}
		if tok.End >= stop {
			return dst, tz.Err()
		}
	}
}

func sqlFinding(input string, offset int, reason string) Finding {
	return Finding{Kind: "sqli", Input: input, Offset: offset, Reason: reason}
}

// sqlCausesError reports whether the occurrence [s, e) can be what left
// the query unterminated: the open construct starts inside or before it
// and the input holds a byte that opens or closes literals or comments,
// or it starts after it and the input ends with a quote or backslash,
// which shifts how the application's quotes pair up.
func sqlCausesError(query string, toks []sqltoken.Token, input string, s, e int) bool {
	u := toks[len(toks)-1] // the Unterminated token, always last
	if u.Start < e {
		return strings.ContainsAny(input, "'\"`\\$*/[]")
	}
	switch input[len(input)-1] {
	case '\'', '"', '`', '\\':
		return true
	}
	return false
}
