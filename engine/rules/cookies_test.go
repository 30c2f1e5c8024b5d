package rules

import (
	"maps"
	"strings"
	"testing"
)

func TestParseCookies(t *testing.T) {
	tests := []struct {
		lines []string
		want  map[string]string
	}{
		{nil, nil},
		{[]string{"a=1; b=two"}, map[string]string{"a": "1", "b": "two"}},
		{[]string{`q="x y"`, "a=1", "a=2"}, map[string]string{"q": "x y", "a": "1,2"}},
		{[]string{"flag; =v; c=; d==e"}, map[string]string{"c": "", "d": "=e"}},
		{[]string{"sqli=' OR 1=1 --"}, map[string]string{"sqli": "' OR 1=1 --"}},
		{[]string{";;;"}, nil},
	}
	for _, tt := range tests {
		if got := ParseCookies(tt.lines); !maps.Equal(got, tt.want) {
			t.Errorf("ParseCookies(%q) = %v, want %v", tt.lines, got, tt.want)
		}
	}
}

func FuzzParseCookies(f *testing.F) {
	f.Add("a=1; b=\"2\"; c")
	f.Fuzz(func(t *testing.T, line string) {
		for name := range ParseCookies([]string{line}) {
			if name == "" || strings.ContainsAny(name, ";=") || name != strings.TrimSpace(name) {
				t.Fatalf("ParseCookies(%q) returned the name %q", line, name)
			}
		}
	})
}

// The Cookie header of a browser session, parsed into a map: what a rule
// on expr's VM reads (native plans list the cookies without it).
func BenchmarkParseCookies(b *testing.B) {
	lines := []string{"session=abc123; theme=dark; _ga=GA1.2.3456.7890; lang=en"}
	b.ReportAllocs()
	for b.Loop() {
		ParseCookies(lines)
	}
}
