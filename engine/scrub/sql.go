package scrub

import (
	"strings"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

// ScrubSQL is ScrubEvidence for a SQL query in dialect d. On top of what
// ScrubEvidence redacts (secrets, and values compared with or assigned to
// sensitive columns, as in `password = 'x'`), it redacts the values an
// INSERT or REPLACE gives to sensitive columns by position, which a
// key=value scan cannot pair:
//
//	INSERT INTO users (name, password) VALUES ('bob', 'x'), ('eve', 'y')
//
// keeps 'bob' and 'eve' and redacts 'x' and 'y' (inside their quotes).
func (s *Scrubber) ScrubSQL(query string, d sqltoken.Dialect, keep string) string {
	if !containsFold(query, "insert") && !containsFold(query, "replace") {
		return s.ScrubEvidence(query, keep)
	}
	return s.scrubWith(query, keep, s.insertSpans(query, d, nil))
}

// sqlCursor walks the tokens of a query, skipping spaces and comments.
type sqlCursor struct {
	tz  sqltoken.Tokenizer
	src string
}

func (c *sqlCursor) next() (sqltoken.Token, bool) {
	for {
		t, ok := c.tz.Next()
		if !ok || t.Kind != sqltoken.Space && t.Kind != sqltoken.Comment {
			return t, ok
		}
	}
}

func (c *sqlCursor) is(t sqltoken.Token, kind sqltoken.Kind, text string) bool {
	return t.Kind == kind && sqltoken.EqualFold(t.Text(c.src), text)
}

// insertSpans appends the values of sensitive columns of every
// INSERT/REPLACE ... (columns) VALUES (...), ... in q.
func (s *Scrubber) insertSpans(q string, d sqltoken.Dialect, spans []span) []span {
	c := sqlCursor{tz: sqltoken.New(q, d), src: q}
	for {
		t, ok := c.next()
		if !ok {
			return spans
		}
		if c.is(t, sqltoken.Keyword, "INSERT") || c.is(t, sqltoken.Keyword, "REPLACE") {
			spans = s.insertValues(&c, spans)
		}
	}
}

// insertValues reads one INSERT after its keyword: the table, the column
// list, VALUES and the rows, and appends the spans of the values of the
// sensitive columns. It stops quietly at anything unexpected.
func (s *Scrubber) insertValues(c *sqlCursor, spans []span) []span {
	var sensitive []bool // by column position
	t, ok := c.next()
	for ok && !c.is(t, sqltoken.Punct, "(") { // INTO, the table name
		if t.Kind == sqltoken.Keyword && !c.is(t, sqltoken.Keyword, "INTO") && !c.is(t, sqltoken.Keyword, "IGNORE") {
			return spans // VALUES or SELECT without a column list
		}
		t, ok = c.next()
	}
	for t, ok = c.next(); ok && !c.is(t, sqltoken.Punct, ")"); t, ok = c.next() {
		switch t.Kind {
		case sqltoken.Ident, sqltoken.Keyword, sqltoken.QuotedIdent:
			sensitive = append(sensitive, s.SensitiveKey(strings.Trim(t.Text(c.src), "\"`[]")))
		case sqltoken.Punct:
			if !c.is(t, sqltoken.Punct, ",") {
				return spans
			}
		default:
			return spans
		}
	}
	if t, ok = c.next(); !ok || !c.is(t, sqltoken.Keyword, "VALUES") && !c.is(t, sqltoken.Ident, "VALUE") {
		return spans
	}
	for {
		if t, ok = c.next(); !ok || !c.is(t, sqltoken.Punct, "(") {
			return spans
		}
		var end bool
		if spans, end = s.insertRow(c, sensitive, spans); end {
			return spans
		}
		if t, ok = c.next(); !ok || !c.is(t, sqltoken.Punct, ",") {
			return spans
		}
	}
}

// insertRow reads one parenthesised row after its '(' and appends the
// spans of the values at sensitive positions. end is true when the query
// ends inside the row.
func (s *Scrubber) insertRow(c *sqlCursor, sensitive []bool, spans []span) ([]span, bool) {
	col, depth := 0, 0
	start, last := -1, -1 // first and last token of the current value
	flush := func() {
		if start >= 0 && col < len(sensitive) && sensitive[col] {
			spans = append(spans, valueInside(c.src, start, last))
		}
		start, last = -1, -1
	}
	for {
		t, ok := c.next()
		if !ok {
			flush()
			return spans, true
		}
		switch {
		case depth == 0 && c.is(t, sqltoken.Punct, ","):
			flush()
			col++
			continue
		case depth == 0 && c.is(t, sqltoken.Punct, ")"):
			flush()
			return spans, false
		case c.is(t, sqltoken.Punct, "("):
			depth++
		case c.is(t, sqltoken.Punct, ")"):
			depth--
		}
		if start < 0 {
			start = t.Start
		}
		last = t.End
	}
}

// valueInside returns the span to redact for the value q[start:end]: the
// inside of a lone quoted literal (its quotes and prefix kept), else the
// whole expression.
func valueInside(q string, start, end int) span {
	v := q[start:end]
	i := strings.IndexAny(v, "'\"")
	if i < 0 || i > 2 || strings.ContainsAny(v[:i], " (") {
		return span{start, end}
	}
	quote := v[i]
	if len(v) >= i+2 && v[len(v)-1] == quote && strings.IndexByte(v[i+1:len(v)-1], quote) < 0 {
		return span{start + i + 1, end - 1}
	}
	return span{start, end}
}

// containsFold reports whether s contains the lower-case ASCII word w,
// ignoring ASCII case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if (s[i]|0x20) == w[0] && hasFold(s[i:], w) {
			return true
		}
	}
	return false
}
