package rasp

import (
	htmltemplate "html/template"
	"io"
	"regexp"
	"strings"
	"testing"
	texttemplate "text/template"

	"github.com/sqreen-go/sqreen/engine/internal/corpus"
)

func TestTemplateXSS(t *testing.T) {
	tests := []struct {
		name, html, input string
		want              bool
	}{
		{"script in text", "<p>Hello <script>alert(1)</script></p>", "<script>alert(1)</script>", true},
		{"svg onload", "<p>Hello <svg/onload=alert(1)></p>", "<svg/onload=alert(1)>", true},
		{"img onerror", `<div><img src=x onerror=alert(1)></div>`, "<img src=x onerror=alert(1)>", true},
		{"end tag", "<title>A</title><script>alert(1)</script></title>", "</title><script>alert(1)</script>", true},
		{"attribute break-out", `<input value="" onfocus="alert(1)" autofocus="">`, `" onfocus="alert(1)" autofocus="`, true},
		{"attribute break-out single", `<input value='' onmouseover='alert(1)'>`, `' onmouseover='alert(1)`, true},
		{"unquoted attribute", `<input value=x onfocus=alert(1) autofocus>`, "x onfocus=alert(1)", true},
		{"attribute to tag", `<input value=""><script>alert(1)</script>">`, `"><script>alert(1)</script>`, true},
		{"javascript href", `<a href="javascript:alert(1)">me</a>`, "javascript:alert(1)", true},
		{"javascript with tab", "<a href=\"java\tscript:alert(1)\">me</a>", "java\tscript:alert(1)", true},
		{"javascript entity colon", `<a href="javascript&colon;alert(1)">me</a>`, "javascript&colon;alert(1)", true},
		{"leading space javascript", `<a href=" javascript:alert(1)">me</a>`, " javascript:alert(1)", true},
		{"entity-encoded javascript", `<a href="&#106;avascript:alert(1)">me</a>`, "&#106;avascript:alert(1)", true},
		{"hex entities and named tab", `<a href="&#x6A;ava&Tab;script&#x3A;alert(1)">me</a>`, "&#x6A;ava&Tab;script&#x3A;alert(1)", true},
		{"data html", `<iframe src="data:text/html,<script>alert(1)</script>"></iframe>`, "data:text/html,<script>alert(1)</script>", true},
		{"srcdoc", `<iframe x srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>`, `x srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"`, true},
		{"comment break-out", "<!-- user: --><script>alert(1)</script> -->", "--><script>alert(1)</script>", true},
		{"script break-out", `<script>var n = "</script><svg onload=alert(1)>";</script>`, "</script><svg onload=alert(1)>", true},
		{"textarea break-out", "<textarea></textarea><img src=x onerror=alert(1)></textarea>", "</textarea><img src=x onerror=alert(1)>", true},
		{"second occurrence", `<p title="<b>x</b>"><b>x</b></p>`, "<b>x</b>", true},
		{"template gives the <", "<p><<b>x</b></p>", "<b>x</b>", true},
		{"style expression", `<div style="x:expression(alert(1))">`, "x:expression(alert(1))", true},

		{"escaped by html/template", "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>", false},
		{"no html syntax", "<p>Hello O'Reilly</p>", "O'Reilly", false},
		{"heart", "<p>I <3 Go</p>", "I <3 Go", false},
		{"comparison", "<p>a < b and c > d</p>", "a < b and c > d", false},
		{"onion", "<p>onion=3</p>", "onion=3", false},
		{"javascript as text", "<p>javascript:alert(1)</p>", "javascript:alert(1)", false},
		{"event handler as text", "<p>x onerror=alert(1)</p>", "x onerror=alert(1)", false},
		{"markup in quoted attribute", `<input value="<b>hi</b>">`, "<b>hi</b>", false},
		{"markup inside textarea", "<textarea><b>hi</b></textarea>", "<b>hi</b>", false},
		{"markup inside comment", "<!-- <b>hi</b> -->", "<b>hi</b>", false},
		{"javascript mid value", `<a href="/search?q=javascript:alert(1)">x</a>`, "javascript:alert(1)", false},
		{"entities as text", "<p>&#106;avascript:alert(1)</p>", "&#106;avascript:alert(1)", false},
		{"plain entities", "<p>AT&amp;T &#169; 2024</p>", "AT&amp;T &#169; 2024", false},
		{"javascript in a text attribute", `<input value="javascript:alert(1)">`, "javascript:alert(1)", false},
		{"expression outside style", `<input value="x:expression(alert(1))">`, "x:expression(alert(1))", false},
		{"bare tag equal to page markup", `<div title="&lt;/div&gt;">x</div>`, "</div>", false},
		{"absent", "<p>Hello</p>", "<script>", false},
		{"too short", "<p><</p>", "<", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, got := DetectTemplateXSS(tt.html, tt.input)
			if got != tt.want {
				t.Fatalf("DetectTemplateXSS(%q, %q) = %v (%q), want %v", tt.html, tt.input, got, f.Reason, tt.want)
			}
			if got != TemplateXSS(tt.html, tt.input) {
				t.Fatal("TemplateXSS and DetectTemplateXSS disagree")
			}
			if got && (f.Kind != "xss" || !strings.HasPrefix(tt.html[f.Offset:], tt.input) || f.Reason == "") {
				t.Fatalf("bad finding %+v", f)
			}
		})
	}
}

// xssSinks are templates with one insertion point, in the places where
// values usually land.
var xssSinks = []string{
	`<p>Hello {{.}}</p>`,
	`<input name="q" value="{{.}}">`,
	`<a href="{{.}}">link</a>`,
	`<div title='{{.}}'>x</div>`,
	`<script>var user = {{.}};</script>`,
}

// markupOracle is an independent, regular-expression reading of "the
// payload carries a tag": such payloads are attacks in text context.
// Bare tags ("</div>") are left out by design (see DetectTemplateXSS).
var (
	markupOracle = regexp.MustCompile(`<(?:[A-Za-z]|/[A-Za-z]|!)`)
	bareTag      = regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9]*/?>$`)
)

// TestXSSPayloads renders the xss payloads of patt.jsonl.gz (a noisy list:
// some lines are bare words) with text/template, which does not escape, and
// with html/template, which does: the first must be flagged in text context
// whenever the payload carries a tag, the second never.
func TestXSSPayloads(t *testing.T) {
	var payloads, tagged, caught, escapedFlagged, rendered int
	for _, c := range corpus.Load(t, "patt.jsonl.gz") {
		if c.Kind != "xss" || len(c.Input) < 2 {
			continue
		}
		payloads++
		v := c.Input
		raw := render(t, texttemplate.Must(texttemplate.New("").Parse(xssSinks[0])), v)
		if markupOracle.MatchString(v) && !bareTag.MatchString(v) {
			tagged++
			if TemplateXSS(raw, v) {
				caught++
			} else if tagged-caught <= 10 {
				t.Errorf("missed in text context: %q", v)
			}
		}
		for _, sink := range xssSinks {
			out := render(t, htmltemplate.Must(htmltemplate.New("").Parse(sink)), v)
			rendered++
			if f, ok := DetectTemplateXSS(out, v); ok {
				escapedFlagged++
				if escapedFlagged <= 10 {
					t.Errorf("flagged html/template output %q for %q: %s", out, v, f.Reason)
				}
			}
		}
	}
	t.Logf("xss payloads: %d; with a tag %d, caught unescaped in text %d; html/template outputs flagged %d/%d",
		payloads, tagged, caught, escapedFlagged, rendered)
	if payloads == 0 {
		t.Fatal("no xss payloads")
	}
}

func TestXSSAttributeBreakout(t *testing.T) {
	// text/template into a quoted attribute: payloads that close the quote
	// and add a handler or a tag are attacks.
	tmpl := texttemplate.Must(texttemplate.New("").Parse(xssSinks[1]))
	for _, v := range []string{`"><svg onload=alert(1)>`, `" onfocus=alert(1) autofocus x="`, `"/onmouseover="alert(1)`} {
		if out := render(t, tmpl, v); !TemplateXSS(out, v) {
			t.Errorf("missed %q in %q", v, out)
		}
	}
}

// executor is what html/template and text/template templates share.
type executor interface {
	Execute(w io.Writer, data any) error
}

func render(t *testing.T, tmpl executor, v string) string {
	t.Helper()
	var b strings.Builder
	if err := tmpl.Execute(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func FuzzTemplateXSS(f *testing.F) {
	for _, s := range [][2]string{{"<p><b>x</b></p>", "<b>x</b>"}, {`<a href="javascript:x">`, "javascript:x"}, {"<!-- a --><x>", "--><x>"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, html, input string) {
		f, ok := DetectTemplateXSS(html, input)
		if ok && (!strings.HasPrefix(html[f.Offset:], input) || htmlSyntax(input) == "") {
			t.Fatalf("bad finding %+v", f)
		}
	})
}
