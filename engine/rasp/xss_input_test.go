package rasp

import (
	"strings"
	"testing"
)

func TestXSSInput(t *testing.T) {
	tests := []struct {
		input string
		want  bool
	}{
		{"<script>alert(1)</script>", true},
		{`" onfocus="alert(1)`, true},
		{"javascript:alert(1)", true},
		{"&#106;avascript&colon;x", true},
		{"data:text/html,x", true},
		{"x srcdoc=y", true},
		{"expression(x)", true},
		{"<!--", true},
		{"home", false},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)", false},
		{"text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", false},
		{"https://shop.example/books?page=2&sort=asc", false},
		{"O'Reilly", false},
		{"a < b", false},
		{"onion=3", true}, // an event handler's shape: checked, and inert in text
		{"<p>", false},    // a bare tag is never judged
		{"<", false},
	}
	for _, tt := range tests {
		if got := XSSInput(tt.input); got != tt.want {
			t.Errorf("XSSInput(%q) = %v, want %v", tt.input, got, tt.want)
		}
	}
}

// Every input DetectTemplateXSS flags is an XSSInput: callers rely on it
// to skip pages.
func FuzzXSSInput(f *testing.F) {
	for _, s := range [][2]string{{"<p><b>x</b></p>", "<b>x</b>"}, {`<a href="javascript:x">`, "javascript:x"},
		{`<input value=x onfocus=y>`, "x onfocus=y"}, {"<!-- a --><x>", "--><x>"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, html, input string) {
		if _, ok := DetectTemplateXSS(html, input); ok && !XSSInput(input) {
			t.Fatalf("DetectTemplateXSS(%q, %q) matched, XSSInput is false", html, input)
		}
		if XSSInput(input) && !HasHTMLSyntaxByte(input) {
			t.Fatalf("XSSInput(%q) without HasHTMLSyntaxByte: the runtime's pre-check skips it", input)
		}
	})
}

// htmlSyntax finds nothing in a value without one of htmlSyntaxBytes:
// XSSInput's pre-check relies on it.
func FuzzHTMLSyntaxNeedsItsBytes(f *testing.F) {
	for _, s := range []string{"javascript&colon;x", "onload=x", "<b>", "expression(", "data:text/html", "sqreen-bench-load/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if why := htmlSyntax(s); why != "" && !strings.ContainsAny(s, htmlSyntaxBytes) {
			t.Fatalf("htmlSyntax(%q) = %q without any of %q", s, why, htmlSyntaxBytes)
		}
	})
}

// HasHTMLSyntaxByte is strings.ContainsAny(s, htmlSyntaxBytes), for every
// byte.
func TestHasHTMLSyntaxByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		s := "ab" + string([]byte{byte(c)}) + "cd"
		if got, want := HasHTMLSyntaxByte(s), strings.IndexByte(htmlSyntaxBytes, byte(c)) >= 0; got != want {
			t.Errorf("HasHTMLSyntaxByte(%q) = %v, want %v", s, got, want)
		}
	}
	if HasHTMLSyntaxByte("") {
		t.Error("the empty string has syntax")
	}
}

// htmlSyntaxMask holds htmlSyntaxBytes, and nothing else.
func TestHTMLSyntaxMask(t *testing.T) {
	var want uint64
	for i := 0; i < len(htmlSyntaxBytes); i++ {
		c := htmlSyntaxBytes[i]
		if c >= 64 {
			t.Fatalf("%q is past the mask's 64 bits", c)
		}
		want |= 1 << c
	}
	if htmlSyntaxMask != want {
		t.Errorf("htmlSyntaxMask = %#x, want %#x (the bytes of %q)", uint64(htmlSyntaxMask), want, htmlSyntaxBytes)
	}
}
