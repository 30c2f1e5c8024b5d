package rasp

import (
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/internal/corpus"
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

// htmlSyntaxLead is true of exactly the bytes at which one of
// htmlSyntaxAt's cases can start: '<', '&' and the letters of "ojvldse"
// in either case. A byte it missed would hide a construct from the
// detector.
func TestHTMLSyntaxLead(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		want := b == '<' || b == '&' || strings.IndexByte("ojvldse", b|0x20) >= 0
		if got := htmlSyntaxLead(b); got != want {
			t.Errorf("htmlSyntaxLead(%q) = %v, want %v", b, got, want)
		}
	}
	// Each construct, alone and after bytes the loop skips.
	for _, s := range []string{"<b x>", "onload=x", "javascript:x", "VBScript:x", "LiveScript:x", "&#106;avascript:x",
		"data:text/html,x", "srcdoc=x", "expression(x)"} {
		for _, in := range []string{s, "123 " + s, "\x80\xff" + s} {
			if htmlSyntax(in) == "" {
				t.Errorf("htmlSyntax(%q) found nothing", in)
			}
		}
	}
}

// htmlSyntax skips the bytes htmlSyntaxLead is false of: htmlSyntaxAt
// must find nothing at any of them, whatever surrounds it.
func FuzzHTMLSyntaxLead(f *testing.F) {
	for _, s := range []string{"javascript&colon;x", "onload=x", "<b>", "expression(", "data:text/html", "x srcdoc=y",
		"Mozilla/5.0 (X11; Linux x86_64)", "text/html;q=0.9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if !htmlSyntaxLead(s[i]) {
				if why := htmlSyntaxAt(s, i); why != "" {
					t.Fatalf("htmlSyntaxAt(%q, %d) = %q at a byte htmlSyntaxLead skips", s, i, why)
				}
			}
		}
		if got, want := htmlSyntax(s), htmlSyntaxEveryByte(s); got != want {
			t.Fatalf("htmlSyntax(%q) = %q, trying every byte finds %q", s, got, want)
		}
	})
}

// htmlSyntaxEveryByte is htmlSyntax without its skip: the cases tried at
// every byte.
func htmlSyntaxEveryByte(s string) string {
	for i := 0; i < len(s); i++ {
		if why := htmlSyntaxAt(s, i); why != "" {
			return why
		}
	}
	return ""
}

// On every input of the shared corpora, attacks and benign values of
// every kind, htmlSyntax finds what trying every byte finds.
func TestHTMLSyntaxLeadCorpora(t *testing.T) {
	n := 0
	for _, name := range []string{"templated.jsonl.gz", "httpparams.jsonl.gz", "libinjection.jsonl.gz", "patt.jsonl.gz"} {
		for _, c := range corpus.Load(t, name) {
			if got, want := htmlSyntax(c.Input), htmlSyntaxEveryByte(c.Input); got != want {
				t.Errorf("%s: htmlSyntax(%q) = %q, trying every byte finds %q", name, c.Input, got, want)
			}
			n++
		}
	}
	t.Logf("%d inputs", n)
}

// browserHeaders are the values of a browser's request headers that hold
// one of htmlSyntaxBytes, as the runtime's template pre-check gives them
// to XSSInput on every page a browser asks for.
var browserHeaders = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
	"en-US,en;q=0.9,fr;q=0.8",
	"https://shop.example/books?page=2&sort=price",
}

// XSSInput on a browser's benign header values: they are scanned to the
// end.
func BenchmarkXSSInputBrowserHeaders(b *testing.B) {
	n := 0
	for _, v := range browserHeaders {
		n += len(v)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, v := range browserHeaders {
			if XSSInput(v) {
				b.Fatalf("XSSInput(%q) is true", v)
			}
		}
	}
}
