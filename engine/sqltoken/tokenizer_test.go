package sqltoken

import (
	"errors"
	"strings"
	"testing"
)

// render writes tokens as "kind:text" separated by " | ", skipping spaces.
func render(src string, d Dialect) (string, error) {
	toks, err := Append(nil, src, d)
	var b strings.Builder
	for _, t := range toks {
		if t.Kind == Space {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(t.Kind.String())
		b.WriteByte(':')
		b.WriteString(t.Text(src))
	}
	return b.String(), err
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name    string
		dialect Dialect
		src     string
		want    string
	}{
		{"select", Generic, "SELECT * FROM t WHERE id = 1",
			"keyword:SELECT | operator:* | keyword:FROM | identifier:t | keyword:WHERE | identifier:id | operator:= | number:1"},
		{"doubled quote", PostgreSQL, "'O''Reilly' x",
			"string:'O''Reilly' | identifier:x"},
		{"pg backslash is literal", PostgreSQL, `'a\' OR 1`,
			`string:'a\' | keyword:OR | number:1`},
		{"mysql backslash escapes", MySQL, `'a\' OR 1' x`,
			`string:'a\' OR 1' | identifier:x`},
		{"mysql double-quoted string", MySQL, `"a\"b" x`,
			`string:"a\"b" | identifier:x`},
		{"pg double quote is identifier", PostgreSQL, `"a""b".c`,
			`quoted identifier:"a""b" | punctuation:. | identifier:c`},
		{"pg E string", PostgreSQL, `E'a\'b' e`,
			`string:E'a\'b' | identifier:e`},
		{"pg U& string", PostgreSQL, `U&'d\0061t' u`,
			`string:U&'d\0061t' | identifier:u`},
		{"prefix strings", Generic, `X'1F' B'01' N'x'`,
			`string:X'1F' | string:B'01' | string:N'x'`},
		{"dollar quote", PostgreSQL, `$$a'b$$ $fn$ x $$ y $fn$ $1`,
			`string:$$a'b$$ | string:$fn$ x $$ y $fn$ | placeholder:$1`},
		{"dollar in identifier", PostgreSQL, `a$b$ c`,
			`identifier:a$b$ | identifier:c`},
		{"line comment", PostgreSQL, "1 -- x\n2",
			"number:1 | comment:-- x | number:2"},
		{"mysql -- needs space", MySQL, "1--1 -- c",
			"number:1 | operator:- | operator:- | number:1 | comment:-- c"},
		{"mysql hash comment", MySQL, "1 # c\n2",
			"number:1 | comment:# c | number:2"},
		{"pg hash is operator", PostgreSQL, "1 # 2",
			"number:1 | operator:# | number:2"},
		{"pg nested comment", PostgreSQL, "/* a /* b */ c */ 1",
			"comment:/* a /* b */ c */ | number:1"},
		{"sqlite flat comment", SQLite, "/* a /* b */ c */",
			"comment:/* a /* b */ | identifier:c | operator:*/"},
		{"mysql executable comment", MySQL, "1 /*!50000 UNION*/ 2",
			"number:1 | operator:/*!50000 | keyword:UNION | operator:*/ | number:2"},
		{"mysql hint is a comment", MySQL, "SELECT /*+ NO_ICP(t) */ 1",
			"keyword:SELECT | comment:/*+ NO_ICP(t) */ | number:1"},
		{"mysql doubled double quote", MySQL, `"a""b" x`, `string:"a""b" | identifier:x`},
		{"pg U& identifier", PostgreSQL, `U&"d!0061t" UESCAPE '!'`, `quoted identifier:U&"d!0061t" | identifier:UESCAPE | string:'!'`},
		{"mariadb executable comment", MySQL, "/*M!100100 SELECT */", "operator:/*M!100100 | keyword:SELECT | operator:*/"},
		{"executable comment end inside operator run", MySQL, "/*! 1=*/", "operator:/*! | number:1 | operator:= | operator:*/"},
		{"backticks", MySQL, "`a``b` x",
			"quoted identifier:`a``b` | identifier:x"},
		{"sqlite brackets", SQLite, "[my col] x",
			"quoted identifier:[my col] | identifier:x"},
		{"pg brackets are punctuation", PostgreSQL, "a[1]",
			"identifier:a | punctuation:[ | number:1 | punctuation:]"},
		{"numbers", Generic, "1 3.14 .5 1e-3 2E+10 0x1F 7.",
			"number:1 | number:3.14 | number:.5 | number:1e-3 | number:2E+10 | number:0x1F | number:7."},
		{"pg digit separators", PostgreSQL, "1_000_000", "number:1_000_000"},
		{"exponent needs digits", Generic, "1e x", "number:1 | identifier:e | identifier:x"},
		{"mysql digit identifier", MySQL, "1abc 12", "identifier:1abc | number:12"},
		{"pg number then word", PostgreSQL, "1abc", "number:1 | identifier:abc"},
		{"placeholders", SQLite, "?, ?2, :n, @n, $n, $3",
			"placeholder:? | punctuation:, | placeholder:?2 | punctuation:, | placeholder::n | punctuation:, | placeholder:@n | punctuation:, | placeholder:$n | punctuation:, | placeholder:$3"},
		{"pg cast is not placeholder", PostgreSQL, "a::int = :x",
			"identifier:a | operator::: | identifier:int | operator:= | placeholder::x"},
		{"pg question is operator", PostgreSQL, "j ? 'k'",
			"identifier:j | operator:? | string:'k'"},
		{"mysql variables", MySQL, "@a := @@version",
			"identifier:@a | operator::= | identifier:@@version"},
		{"operators", PostgreSQL, "a<>b!=c||d<=e->>f",
			"identifier:a | operator:<> | identifier:b | operator:!= | identifier:c | operator:|| | identifier:d | operator:<= | identifier:e | operator:->> | identifier:f"},
		{"operator does not end with minus", PostgreSQL, "id=-1",
			"identifier:id | operator:= | operator:- | number:1"},
		{"operator stops at comment", PostgreSQL, "1=--x",
			"number:1 | operator:= | comment:--x"},
		{"punctuation", Generic, "f(a, b);", "identifier:f | punctuation:( | identifier:a | punctuation:, | identifier:b | punctuation:) | punctuation:;"},
		{"keywords any case", Generic, "union Select oR", "keyword:union | keyword:Select | keyword:oR"},
		{"non-ascii identifier", Generic, "café €x", "identifier:café | identifier:€x"},
		{"dash at the end", PostgreSQL, "1 -", "number:1 | operator:-"},
		{"dashes at the end", MySQL, "1 --", "number:1 | comment:--"},
		{"slash at the end", PostgreSQL, "1 /", "number:1 | operator:/"},
		{"dollar at the end", PostgreSQL, "1 $", "number:1 | operator:$"},
		{"prefix letter at the end", PostgreSQL, "a E", "identifier:a | identifier:E"},
		{"U& at the end", PostgreSQL, "U&", "identifier:U | operator:&"},
		{"number then dot then word", Generic, "1.a", "number:1. | identifier:a"},
		{"range dots", PostgreSQL, "1..2", "number:1 | punctuation:. | number:.2"},
		{"hex prefix without digits", Generic, "0x", "number:0 | identifier:x"},
		{"question at the end", SQLite, "a ?", "identifier:a | placeholder:?"},
		{"colon alone", PostgreSQL, "a : b", "identifier:a | operator:: | identifier:b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := render(tc.src, tc.dialect)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tc.want {
				t.Errorf("%s %q\n got: %s\nwant: %s", tc.dialect, tc.src, got, tc.want)
			}
		})
	}
}

func TestUnterminated(t *testing.T) {
	tests := []struct {
		dialect Dialect
		src     string
		wantErr string
	}{
		{PostgreSQL, "SELECT 'abc", "sqltoken: unterminated string literal starting at byte 7"},
		{PostgreSQL, "SELECT 'a''", "sqltoken: unterminated string literal starting at byte 7"},
		{MySQL, `SELECT 'a\'`, "sqltoken: unterminated string literal starting at byte 7"},
		{PostgreSQL, `SELECT "x`, "sqltoken: unterminated quoted identifier starting at byte 7"},
		{MySQL, "SELECT `x", "sqltoken: unterminated quoted identifier starting at byte 7"},
		{SQLite, "SELECT [x", "sqltoken: unterminated quoted identifier starting at byte 7"},
		{PostgreSQL, "SELECT 1 /* x", "sqltoken: unterminated block comment starting at byte 9"},
		{PostgreSQL, "SELECT /* /* */ x", "sqltoken: unterminated block comment starting at byte 7"},
		{PostgreSQL, "SELECT $a$ x", "sqltoken: unterminated dollar-quoted string starting at byte 7"},
		{PostgreSQL, `SELECT E'\'`, "sqltoken: unterminated string literal starting at byte 7"},
	}
	for _, tc := range tests {
		toks, err := Append(nil, tc.src, tc.dialect)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s %q: err = %v, want a *SyntaxError", tc.dialect, tc.src, err)
			continue
		}
		if err.Error() != tc.wantErr {
			t.Errorf("%s %q: err = %q, want %q", tc.dialect, tc.src, err, tc.wantErr)
		}
		last := toks[len(toks)-1]
		if last.Kind != Unterminated || last.Start != se.Offset || last.End != len(tc.src) {
			t.Errorf("%s %q: last token %+v, want Unterminated from %d to the end", tc.dialect, tc.src, last, se.Offset)
		}
	}
}

func TestParseDialect(t *testing.T) {
	tests := []struct {
		name string
		want Dialect
		err  bool
	}{
		{"postgresql", PostgreSQL, false}, {"postgres", PostgreSQL, false},
		{"mysql", MySQL, false}, {"mariadb", MySQL, false},
		{"sqlite", SQLite, false}, {"sqlite3", SQLite, false},
		{"generic", Generic, false}, {"", Generic, false},
		{"PostgreSQL", PostgreSQL, false}, {"MySQL", MySQL, false},
		{"oracle", Generic, true},
	}
	for _, tc := range tests {
		got, err := ParseDialect(tc.name)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseDialect(%q) = %v, %v; want %v, error %v", tc.name, got, err, tc.want, tc.err)
		}
		if err == nil && tc.name != "" && got.String() == "" {
			t.Errorf("%v has no name", got)
		}
	}
}

func TestIsKeyword(t *testing.T) {
	for _, w := range []string{"select", "SELECT", "Union", "or", "current_user", "NULLS"} {
		if !IsKeyword(w) {
			t.Errorf("IsKeyword(%q) = false", w)
		}
	}
	for _, w := range []string{"", "x", "users", "sleep", "version", "selectx", "ünion", "a_very_long_identifier_name"} {
		if IsKeyword(w) {
			t.Errorf("IsKeyword(%q) = true", w)
		}
	}
}

func TestBackslashEscapesOff(t *testing.T) {
	tz := New(`'a\' x`, MySQL)
	tz.SetBackslashEscapes(false)
	tok, _ := tz.Next()
	if tok.Kind != String || tok.End != 4 {
		t.Errorf("first token %+v, want the string 'a\\'", tok)
	}
}
