package waf

import "testing"

func TestDetectXSS(t *testing.T) {
	tests := []struct {
		in     string
		attack bool
	}{
		{"", false},
		{"john", false},
		{"a < b and c > d", false},
		{"Tom & Jerry", false},
		{"https://example.com/a?b=c", false},
		{"O'Reilly", false},
		{"<b>bold</b>", false},
		{"<script>alert(1)</script>", true},
		{"<img src=x onerror=alert(1)>", true},
		{"\" onmouseover=\"alert(1)", true},
		{"javascript:alert(document.cookie)", true},
		{"<svg/onload=alert(1)>", true},
		{"<iframe src=\"javascript:alert(1)\">", true},
	}
	for _, tt := range tests {
		m, ok := DetectXSS(tt.in)
		if ok != tt.attack {
			t.Errorf("DetectXSS(%q) = %+v, %v; want %v", tt.in, m, ok, tt.attack)
		}
		if IsXSS(tt.in) != ok {
			t.Errorf("IsXSS(%q) disagrees with DetectXSS", tt.in)
		}
	}
}

func TestScriptHint(t *testing.T) {
	tests := []struct {
		in   string
		hint string // "" when none
		at   string
	}{
		{"javascript:alert(1)", "script url", "javascript:"},
		{"\"java\tscript:alert(1)\">", "script url", "java\tscript:"},
		{"x=VBScript:msgbox(1)", "script url", "VBScript:"},
		{"data:text/html;base64,PHNjcmlwdD4=", "script url", "data:"},
		{"\";alert('xss');//", "script call", "alert("},
		{"prompt`1`>", "script call", "prompt`"},
		{"&{document.cookie=true;};", "script call", "document.cookie"},
		{"Note: javascript: is a scheme", "", ""},
		{"`javascript:` URLs are filtered", "", ""},
		{"injection of \"javascript:...\" URLs", "", ""},
		{"javascript://%0aalert(1)", "script url", "javascript:"},
		{"myjavascript:x", "", ""},
		{"alert(1)", "", ""},                          // no break-out byte
		{"Set an alert (daily);", "", ""},             // not a call
		{"red alert(s); ok", "script call", "alert("}, // grey: reads as a call
		{"window.alert(1);", "", ""},                  // a method, not the global PoC call
	}
	for _, tt := range tests {
		name, off, ok := scriptHint(tt.in)
		if ok != (tt.hint != "") || name != tt.hint || ok && !hasPrefixFold(tt.in[off:], lowerASCII(tt.at)) {
			t.Errorf("scriptHint(%q) = %q, %d, %v; want %q at %q", tt.in, name, off, ok, tt.hint, tt.at)
		}
	}
}

func TestHTMLInert(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"john smith", true},
		{"1+1 (two)", true},
		{"a<b", false},
		{"x onerror=1", false},
		{"javascript:x", false},
		{"&lt;", false},
		{"&#60", false},
		{"Tom & Jerry", true},
		{"a && b", true},
		{"a&&b", false}, // &b may start a reference
		{"it's", true},
		{"O'Reilly (UK)", false},
		{"'-alert(1)-'", false},
	}
	for _, tt := range tests {
		if got := htmlInert(tt.in); got != tt.want {
			t.Errorf("htmlInert(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzDetectXSS checks that detection never panics and that the
// pre-filter only skips values the full check would not flag.
func FuzzDetectXSS(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", "john", "\" onload=\"x", "javascript:x", "<a href=x>",
		"Tom & Jerry", "&#106;avascript&#58;alert(1)", "O'Reilly", "'-alert(1)-'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		DetectXSS(s)
		if len(s) >= 2 && htmlInert(s) {
			if m, ok := detectXSS(s); ok {
				t.Fatalf("pre-filter skipped %q, which the full check flags (%+v)", s, m)
			}
		}
	})
}

// TestHTMLInertExhaustive checks the pre-filter against the full check on
// every string of up to four pieces drawn from attribute names, schemes,
// script words and the bytes the pre-filter lets through.
func TestHTMLInertExhaustive(t *testing.T) {
	pieces := []string{"x", " ", "onerror", "javascript", "/", "(", ")", "alert", "1", "\t", "\x00", "'", "&", "&#", "#",
		"style", "src", "data", "-", "!", "?", "%", "script", "\\", "\n"}
	var walk func(prefix string, depth int)
	walk = func(prefix string, depth int) {
		if len(prefix) >= 2 && htmlInert(prefix) {
			if m, ok := detectXSS(prefix); ok {
				t.Errorf("pre-filter skips %q, which the full check flags (%+v)", prefix, m)
			}
		}
		if depth == 4 {
			return
		}
		for _, p := range pieces {
			walk(prefix+p, depth+1)
		}
	}
	walk("", 0)
}
