package shelltoken

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// tok is a compact expectation: kind and text.
type tok struct {
	k    Kind
	text string
}

func tokens(t testing.TB, src string) ([]Token, error) {
	t.Helper()
	var out []Token
	s := NewScanner(src)
	for s.Next() {
		out = append(out, s.Token())
	}
	return out, s.Err()
}

func TestScanner(t *testing.T) {
	tests := []struct {
		src  string
		want []tok
	}{
		{"ls -la x", []tok{{Literal, "ls"}, {Blank, " "}, {Literal, "-la"}, {Blank, " "}, {Literal, "x"}}},
		{"a;b&&c||d|e&f;;g|&h", []tok{{Literal, "a"}, {Operator, ";"}, {Literal, "b"}, {Operator, "&&"}, {Literal, "c"}, {Operator, "||"}, {Literal, "d"}, {Operator, "|"}, {Literal, "e"}, {Operator, "&"}, {Literal, "f"}, {Operator, ";;"}, {Literal, "g"}, {Operator, "|&"}, {Literal, "h"}}},
		{"a>b>>c<d<<e<<-f<&g>&h<>i>|j&>k&>>l", []tok{{Literal, "a"}, {Redirect, ">"}, {Literal, "b"}, {Redirect, ">>"}, {Literal, "c"}, {Redirect, "<"}, {Literal, "d"}, {Redirect, "<<"}, {Literal, "e"}, {Redirect, "<<-"}, {Literal, "f"}, {Redirect, "<&"}, {Literal, "g"}, {Redirect, ">&"}, {Literal, "h"}, {Redirect, "<>"}, {Literal, "i"}, {Redirect, ">|"}, {Literal, "j"}, {Redirect, "&>"}, {Literal, "k"}, {Redirect, "&>>"}, {Literal, "l"}}},
		{`'a b'\ c"d"`, []tok{{SingleQuoted, "'a b'"}, {Escape, `\ `}, {Literal, "c"}, {DoubleQuote, `"`}, {QuotedText, "d"}, {DoubleQuoteClose, `"`}}},
		{`"a\"b\c$x"`, []tok{{DoubleQuote, `"`}, {QuotedText, "a"}, {Escape, `\"`}, {QuotedText, "b"}, {QuotedText, `\c`}, {Param, "$x"}, {DoubleQuoteClose, `"`}}},
		{"$(a `b`)", []tok{{SubstOpen, "$("}, {Literal, "a"}, {Blank, " "}, {SubstOpen, "`"}, {Literal, "b"}, {SubstClose, "`"}, {SubstClose, ")"}}},
		{"${a:-$(b)}", []tok{{ParamOpen, "${"}, {Literal, "a:-"}, {SubstOpen, "$("}, {Literal, "b"}, {SubstClose, ")"}, {ParamClose, "}"}}},
		{"$((1+(2)))", []tok{{ArithOpen, "$(("}, {Literal, "1+"}, {Literal, "("}, {Literal, "2"}, {Literal, ")"}, {ArithClose, "))"}}},
		{"$1$@$$ $ x", []tok{{Param, "$1"}, {Param, "$@"}, {Param, "$$"}, {Blank, " "}, {Literal, "$"}, {Blank, " "}, {Literal, "x"}}},
		{"a#b #c\nd", []tok{{Literal, "a#b"}, {Blank, " "}, {Comment, "#c"}, {Newline, "\n"}, {Literal, "d"}}},
		{"(a) <(b)", []tok{{Operator, "("}, {Literal, "a"}, {Operator, ")"}, {Blank, " "}, {SubstOpen, "<("}, {Literal, "b"}, {SubstClose, ")"}}},
		{"a)", []tok{{Literal, "a"}, {Operator, ")"}}},
	}
	for _, tt := range tests {
		got, err := tokens(t, tt.src)
		if err != nil {
			t.Errorf("%q: unexpected error %v", tt.src, err)
			continue
		}
		var gotc []tok
		for _, g := range got {
			gotc = append(gotc, tok{g.Kind, tt.src[g.Start:g.End]})
		}
		if len(gotc) != len(tt.want) {
			t.Errorf("%q:\n got %v\nwant %v", tt.src, gotc, tt.want)
			continue
		}
		for i := range gotc {
			if gotc[i] != tt.want[i] {
				t.Errorf("%q: token %d = %v, want %v", tt.src, i, gotc[i], tt.want[i])
			}
		}
	}
}

func TestScannerFlags(t *testing.T) {
	src := `A=1 if x; then echo "$(id)" >out && env y z; fi`
	got, err := tokens(t, src)
	if err != nil {
		t.Fatal(err)
	}
	commands := map[string]bool{}
	quoted := map[string]bool{}
	for _, g := range got {
		if g.Command && g.WordStart {
			commands[src[g.Start:g.End]] = true
		}
		if g.Quoted {
			quoted[src[g.Start:g.End]] = true
		}
	}
	for _, w := range []string{"A=1", "if", "x", "then", "echo", "id", "env", "y", "fi"} {
		if !commands[w] {
			t.Errorf("%q not in command position; command words: %v", w, commands)
		}
	}
	for _, w := range []string{"out", "z", `"`} {
		if commands[w] {
			t.Errorf("%q wrongly in command position", w)
		}
	}
	if !quoted["$("] || !quoted[")"] || quoted["id"] {
		t.Errorf("quoted flags wrong: %v", quoted)
	}
}

func TestScannerErrors(t *testing.T) {
	tests := []struct {
		src    string
		offset int
		what   string
	}{
		{"ls 'abc", 3, "single quote"},
		{`ls "abc`, 3, "double quote"},
		{"ls $(id", 3, "command substitution"},
		{"ls `id", 3, "backquote substitution"},
		{"ls ${x", 3, "parameter expansion"},
		{"(ls", 0, "subshell parenthesis"},
		{"echo $((1", 5, "arithmetic expansion"},
		{strings.Repeat(`"$(`, 40), 0, "nested too deeply"},
	}
	for _, tt := range tests {
		_, err := tokens(t, tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want a *SyntaxError", tt.src, err)
			continue
		}
		if !strings.Contains(se.What, tt.what) || (tt.what != "nested too deeply" && se.Offset != tt.offset) {
			t.Errorf("%q: got %v (offset %d), want %q at %d", tt.src, err, se.Offset, tt.what, tt.offset)
		}
	}
}

// checkCover asserts that the tokens of src cover it exactly, in order.
func checkCover(t *testing.T, src string) {
	s := NewScanner(src)
	pos := 0
	for s.Next() {
		tk := s.Token()
		if tk.Start != pos || tk.End <= tk.Start || tk.End > len(src) || tk.Kind == Invalid {
			t.Fatalf("%q: token %+v does not continue at %d", src, tk, pos)
		}
		pos = tk.End
	}
	if pos != len(src) {
		t.Fatalf("%q: tokens stop at %d of %d", src, pos, len(src))
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range []string{"ls -la 'a'\\''b'", `a "$(b ${c:-d} $((1+2)))" | e >f 2>&1 && g; h`, "`a \\` b`", "x\ny # z", "<(a) >(b)", `"\`, "'", "$", "cat <<E\n$(a)\nE\nb", "x <<-'E' <<F\n\tE\n`y`\nF\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkCover(t, src)
	})
}

func BenchmarkScanner(b *testing.B) {
	src := `convert /var/uploads/in.png -resize 50% "/var/out/$(date +%s).png"`
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	var s Scanner
	for b.Loop() {
		s.Reset(src)
		for s.Next() {
		}
	}
}

func TestHeredocWords(t *testing.T) {
	src := "cat <<EOF\n$x y\nEOF\nls -l"
	got, err := tokens(t, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range got {
		text := src[g.Start:g.End]
		if want := text == "cat" || text == "ls"; g.Command != want {
			t.Errorf("%q: Command = %v, want %v", text, g.Command, want)
		}
		if g.Kind == QuotedText && !g.Quoted {
			t.Errorf("%q: here-document text not marked Quoted", text)
		}
	}
}

func TestHeredoc(t *testing.T) {
	tests := []struct {
		src  string
		want []tok
	}{
		{"cat <<'EOF'\na;b $(x)\nEOF\nls", []tok{{Literal, "cat"}, {Blank, " "}, {Redirect, "<<"}, {SingleQuoted, "'EOF'"}, {Newline, "\n"}, {HeredocBody, "a;b $(x)\n"}, {HeredocEnd, "EOF\n"}, {Literal, "ls"}}},
		{"cat <<EOF\na;b $(id)\nEOF\n", []tok{{Literal, "cat"}, {Blank, " "}, {Redirect, "<<"}, {Literal, "EOF"}, {Newline, "\n"}, {QuotedText, "a;b "}, {SubstOpen, "$("}, {Literal, "id"}, {SubstClose, ")"}, {QuotedText, "\n"}, {HeredocEnd, "EOF\n"}}},
		{"cat <<-E\n\tx\n\tE\n", []tok{{Literal, "cat"}, {Blank, " "}, {Redirect, "<<-"}, {Literal, "E"}, {Newline, "\n"}, {QuotedText, "\tx\n"}, {HeredocEnd, "\tE\n"}}},
		{"cat <<E\nnever closed; x", []tok{{Literal, "cat"}, {Blank, " "}, {Redirect, "<<"}, {Literal, "E"}, {Newline, "\n"}, {QuotedText, "never closed; x"}}},
		{"cat <<\"E\"\n\nE\n", []tok{{Literal, "cat"}, {Blank, " "}, {Redirect, "<<"}, {DoubleQuote, `"`}, {QuotedText, "E"}, {DoubleQuoteClose, `"`}, {Newline, "\n"}, {HeredocBody, "\n"}, {HeredocEnd, "E\n"}}},
		{"a <<A <<B\n1\nA\n2\nB\n", []tok{{Literal, "a"}, {Blank, " "}, {Redirect, "<<"}, {Literal, "A"}, {Blank, " "}, {Redirect, "<<"}, {Literal, "B"}, {Newline, "\n"}, {QuotedText, "1\n"}, {HeredocEnd, "A\n"}, {QuotedText, "2\n"}, {HeredocEnd, "B\n"}}},
	}
	for _, tt := range tests {
		got, err := tokens(t, tt.src)
		if err != nil {
			t.Errorf("%q: unexpected error %v", tt.src, err)
			continue
		}
		var gotc []tok
		for _, g := range got {
			gotc = append(gotc, tok{g.Kind, tt.src[g.Start:g.End]})
		}
		if fmt.Sprint(gotc) != fmt.Sprint(tt.want) {
			t.Errorf("%q:\n got %v\nwant %v", tt.src, gotc, tt.want)
		}
		checkCover(t, tt.src)
	}
}
