package waf

import (
	"strings"
	"testing"
)

func lexAll(s string) []token {
	l := sqlLexer{s: s}
	var out []token
	for t := l.next(); t.kind != tokEnd; t = l.next() {
		out = append(out, t)
	}
	return out
}

func TestSQLLexer(t *testing.T) {
	tests := []struct {
		in    string
		kinds []tokenKind
		texts []string
	}{
		{"", nil, nil},
		{"1' or 'a'='a", []tokenKind{tokNumber, tokString, tokWord, tokString, tokWord},
			[]string{"1", "' or '", "a", "'='", "a"}},
		{"x or 1=1--c", []tokenKind{tokWord, tokWord, tokNumber, tokOp, tokNumber, tokComment},
			[]string{"x", "or", "1", "=", "1", "--c"}},
		{"a.b(1,2);#x\ny", []tokenKind{tokWord, tokOpen, tokNumber, tokComma, tokNumber, tokClose, tokSemi, tokComment, tokWord},
			[]string{"a.b", "(", "1", ",", "2", ")", ";", "#x", "y"}},
		{"/* c */ 0x41 .5", []tokenKind{tokComment, tokNumber, tokNumber}, []string{"/* c */", "0x41", ".5"}},
		{"'it''s' \"q\\\"x\" `id`", []tokenKind{tokString, tokString, tokString}, []string{"'it''s'", `"q\"x"`, "`id`"}},
		{"'open", []tokenKind{tokString}, []string{"'open"}},
		{"/* open", []tokenKind{tokComment}, []string{"/* open"}},
		{"@@version $x", []tokenKind{tokWord, tokWord}, []string{"@@version", "$x"}},
		{"1union 1e5or 0x1Fand 22K select.1", []tokenKind{tokNumber, tokWord, tokNumber, tokWord, tokNumber, tokWord, tokNumber, tokWord, tokNumber},
			[]string{"1", "union", "1e5", "or", "0x1F", "and", "22K", "select", ".1"}},
	}
	for _, tt := range tests {
		got := lexAll(tt.in)
		if len(got) != len(tt.kinds) {
			t.Errorf("lex(%q) = %v; want kinds %v", tt.in, got, tt.kinds)
			continue
		}
		for i, tok := range got {
			if tok.kind != tt.kinds[i] || tok.text != tt.texts[i] {
				t.Errorf("lex(%q)[%d] = %v %q; want %v %q", tt.in, i, tok.kind, tok.text, tt.kinds[i], tt.texts[i])
			}
		}
	}
}

// checkCover fails unless the tokens of s, in order, cover every byte of s
// exactly, with only white space between them.
func checkCover(t *testing.T, s string) {
	t.Helper()
	pos := 0
	for _, tok := range lexAll(s) {
		if tok.off < pos || tok.off+len(tok.text) > len(s) || s[tok.off:tok.off+len(tok.text)] != tok.text || tok.text == "" {
			t.Fatalf("lex(%q): token %+v does not fit at %d", s, tok, pos)
		}
		if gap := s[pos:tok.off]; strings.TrimLeft(gap, " \t\n\r\f\v") != "" {
			t.Fatalf("lex(%q): bytes %q skipped before %+v", s, gap, tok)
		}
		pos = tok.off + len(tok.text)
	}
	if gap := s[pos:]; strings.TrimLeft(gap, " \t\n\r\f\v") != "" {
		t.Fatalf("lex(%q): trailing bytes %q not tokenized", s, gap)
	}
}

func TestSQLLexerCovers(t *testing.T) {
	for _, s := range []string{"1' or '1'='1", "a\\", "'\\", "/*", "--", "x -- y\n z", " \t", "\xff\xfe(", "1e5.3.x"} {
		checkCover(t, s)
	}
}

func FuzzSQLLexer(f *testing.F) {
	for _, s := range []string{"1' or '1'='1", "a.b(1,2);#x\ny", "/* c */ 0x41", "'it''s'", "'\\"} {
		f.Add(s)
	}
	f.Fuzz(checkCover)
}
