package rasp

import (
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

// FuzzSQL checks that the detector never panics, that its finding points
// at an occurrence of the input, that skipping plain words is sound, and
// that an input kept inside a string literal by escaping is never
// flagged.
func FuzzSQL(f *testing.F) {
	for _, s := range [][2]string{
		{"SELECT * FROM t WHERE a = '' OR 1=1 --' LIMIT 1", "' OR 1=1 --"},
		{"SELECT * FROM t WHERE id IN (1, 2, 3)", "1, 2, 3"},
		{"SELECT * FROM t ORDER BY name DESC", "name DESC"},
		{`SELECT * FROM t WHERE a = 'x\' AND b = 'y'`, `x\`},
		{"SELECT * FROM t WHERE id = $$1$$ OR 1=1 -- $$", "1$$ OR 1=1 -- "},
		{"SELECT 1 /*!50000 UNION*/ SELECT 2", "/*!50000 UNION*/"},
		{"SELECT 'abc'' LIMIT 10", "abc'"},
		{"SELECT * FROM t WHERE id = 12abc", "2abc"},
		{"SELECT x2y FROM t WHERE a = 'café'", "café"},
		{"SELECT * FROM t ORDER BY a, b DESC", "b DESC"},
		{"SELECT * FROM t WHERE a = 'it''s' ORDER BY x DESC", "x DESC"},
	} {
		for d := range uint8(4) {
			f.Add(s[0], s[1], d)
		}
	}
	f.Fuzz(func(t *testing.T, query, input string, d uint8) {
		dialect := sqlDialects[d%4]
		if fd, ok := DetectSQL(query, input, dialect); ok {
			if fd.Kind != "sqli" || fd.Input != input || fd.Reason == "" ||
				!sqlFindingAt(query, fd) {
				t.Fatalf("bad finding %+v", fd)
			}
		}
		// Skipping the tokens before the first occurrence changes no
		// verdict.
		if len(input) >= 2 {
			o := sqlOccurrences{input: input, first: strings.Index(query, input)}
			o.last = sqlLastIndex(query, input, o.first)
			o.findEscaped(query)
			if o.first >= 0 || o.anyEscaped() {
				d, _ := sqltoken.ParseDialect(dialect)
				_, skipped := detectSQL(query, &o, d, true)
				_, all := detectSQLAll(query, &o, d, true)
				if skipped != all {
					t.Fatalf("%s: verdict %v when skipping to the first occurrence, %v from the start", dialect, skipped, all)
				}
			}
		}
		// The plain-word shortcut agrees with the full check.
		if first := strings.Index(query, input); len(input) >= 2 && first >= 0 && sqlPlainWord(input) {
			d, _ := sqltoken.ParseDialect(dialect)
			o := sqlOccurrences{input: input, first: first, last: sqlLastIndex(query, input, first), doubledFirst: -1, bsFirst: -1}
			if fd, ok := detectSQL(query, &o, d, true); ok {
				t.Fatalf("%s: plain word %q skipped, but the full check finds %+v", dialect, input, fd)
			}
		}
		// The input escaped into a literal that is the whole query is one
		// token: never an attack. The generic dialect's MySQL reading
		// treats a backslash as an escape the quote doubling ignores.
		if dialect == "generic" && strings.Contains(input, `\`) {
			return
		}
		if literal := "'" + sqlEscape(input, dialect) + "'"; SQLInjection(literal, input, dialect) {
			t.Fatalf("%s: escaped input %q flagged in %q", dialect, input, literal)
		}
	})
}
