package sqltoken

import "testing"

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM users WHERE name = 'O''Reilly' LIMIT 10",
		`SELECT 'a\' OR 1=1 -- ' # x`, "/* a /* b */ c */ $$x$$ $t$y$t$ $1",
		"/*!50000 UNION*/ SELECT `a``b`, [c], \"d\"", "E'\\'' U&'x' X'1F' 1e-3 0x1F .5",
		"1--1 :n ?2 @v @@v a::int ->> <=>", "'unterminated", "/* open", "$q$ open",
	} {
		for d := Generic; d <= SQLite; d++ {
			f.Add(s, uint8(d))
		}
	}
	f.Fuzz(func(t *testing.T, src string, d uint8) {
		dialect := Dialect(d % 4)
		tz := New(src, dialect)
		tz.SetBackslashEscapes(d&4 != 0)
		pos := 0
		for {
			tok, ok := tz.Next()
			if !ok {
				break
			}
			if tok.Start != pos || tok.End <= tok.Start || tok.End > len(src) {
				t.Fatalf("%s: token %+v after offset %d: tokens must cover the source in order", dialect, tok, pos)
			}
			if tok.Kind < Space || tok.Kind > Unterminated {
				t.Fatalf("%s: token %+v has no kind", dialect, tok)
			}
			if tok.Kind == Unterminated && tok.End != len(src) {
				t.Fatalf("%s: unterminated token %+v does not run to the end (%d)", dialect, tok, len(src))
			}
			pos = tok.End
		}
		if pos != len(src) {
			t.Fatalf("%s: tokens stop at %d of %d", dialect, pos, len(src))
		}
		if err := tz.Err(); err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Offset < 0 || se.Offset >= len(src) {
				t.Fatalf("%s: bad error %v", dialect, err)
			}
		}
	})
}

// FuzzSkipTo checks that SkipTo leaves the tokenizer as calling Next up to
// the same point does: the tokens after it are the same.
func FuzzSkipTo(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM users WHERE name = 'O''Reilly' LIMIT 10",
		"/*!50000 UNION*/ SELECT `a``b`, [c], \"d\" -- x\n$$y$$",
		"'unterminated", "/* open", "E'\\'' $t$ $t$ 1e-3 @v",
	} {
		for d := Generic; d <= SQLite; d++ {
			f.Add(s, uint8(d), uint16(len(s)/2))
		}
	}
	f.Fuzz(func(t *testing.T, src string, d uint8, at uint16) {
		dialect := Dialect(d % 4)
		pos := int(at) % (len(src) + 1)
		full, fullErr := Append(nil, src, dialect)
		tz := New(src, dialect)
		tz.SkipTo(pos)
		var rest []Token
		for {
			tok, ok := tz.Next()
			if !ok {
				break
			}
			rest = append(rest, tok)
		}
		if len(rest) > len(full) {
			t.Fatalf("%s: %d tokens after SkipTo(%d), %d in all", dialect, len(rest), pos, len(full))
		}
		want := full[len(full)-len(rest):]
		for i := range rest {
			if rest[i] != want[i] {
				t.Fatalf("%s: SkipTo(%d) then token %d = %+v, want %+v", dialect, pos, i, rest[i], want[i])
			}
		}
		if len(rest) > 0 && rest[0].Start > pos {
			t.Fatalf("%s: SkipTo(%d) skipped the token holding it: next starts at %d", dialect, pos, rest[0].Start)
		}
		if len(rest) < len(full) && full[len(full)-len(rest)-1].End > pos {
			t.Fatalf("%s: SkipTo(%d) skipped a token ending after it", dialect, pos)
		}
		if (tz.Err() == nil) != (fullErr == nil) {
			t.Fatalf("%s: SkipTo(%d): error %v, want %v", dialect, pos, tz.Err(), fullErr)
		}
	})
}
