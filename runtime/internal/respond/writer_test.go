package respond

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

var blockErr = &reqctx.BlockError{RuleID: "r", HookPoint: "sql"}

func TestWriterBlock(t *testing.T) {
	tests := []struct {
		name         string
		before       func(w *Writer) // what the handler did before the block
		wantReplaced bool
		wantStatus   int
		wantBody     string
	}{
		{"nothing written", func(*Writer) {}, true, 403, "Request blocked"},
		{"status only: still replaced", func(w *Writer) { w.WriteHeader(201) }, true, 403, "Request blocked"},
		{"body written: cannot replace", func(w *Writer) { io.WriteString(w, "partial") }, false, 200, "partial"},
		{"flushed: cannot replace", func(w *Writer) { w.Flush() }, false, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			w := NewWriter(rec, false, "text/html", DefaultHeaders(), nil)
			tt.before(w)
			if got := w.Block(blockErr); got != tt.wantReplaced {
				t.Errorf("Block replaced = %v, want %v", got, tt.wantReplaced)
			}
			io.WriteString(w, "after")
			w.WriteHeader(500)
			w.Finish()
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) || strings.Contains(rec.Body.String(), "after") {
				t.Errorf("status %d body %q; want %d containing %q and no later writes", rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if w.Block(blockErr) {
				t.Error("second Block replaced the response again")
			}
		})
	}
}

func TestWriterDefersStatusUntilBody(t *testing.T) {
	rec := httptest.NewRecorder()
	w := NewWriter(rec, false, "", nil, nil)
	w.WriteHeader(http.StatusCreated)
	if rec.Flushed {
		t.Error("WriteHeader reached the wrapped writer before any body")
	}
	if got := w.Status(); got != 0 {
		t.Errorf("Status before body = %d, want 0 (not sent)", got)
	}
	io.WriteString(w, "x")
	if rec.Code != http.StatusCreated || w.Status() != http.StatusCreated {
		t.Errorf("status sent %d, want 201", rec.Code)
	}
	rec2 := httptest.NewRecorder()
	w2 := NewWriter(rec2, false, "", nil, nil)
	w2.WriteHeader(http.StatusNoContent)
	if got := w2.Finish(); rec2.Code != http.StatusNoContent || got != http.StatusNoContent {
		t.Errorf("Finish sent %d and returned %d, want 204", rec2.Code, got)
	}
	if got := NewWriter(httptest.NewRecorder(), false, "", nil, nil).Finish(); got != http.StatusOK {
		t.Errorf("Finish with nothing written returned %d, want 200 (sent)", got)
	}
}

func TestPageVariants(t *testing.T) {
	tests := []struct {
		name     string
		page     *Page
		accept   string
		status   int
		ctype    string
		body     string
		location string
	}{
		{"html default", nil, "text/html,application/xhtml+xml", 403, "text/html; charset=utf-8", "<h1>Request blocked</h1>", ""},
		{"json", nil, "application/json", 403, "application/json", `"error"`, ""},
		{"json ranked lower than html", nil, "application/json;q=0.5, text/html", 403, "text/html; charset=utf-8", "<h1>", ""},
		{"problem+json", nil, "application/problem+json", 403, "application/json", `"error"`, ""},
		{"no accept", nil, "", 403, "text/html; charset=utf-8", "<h1>", ""},
		{"custom status and html", &Page{Status: 451, HTML: "<p>nope</p>"}, "*/*", 451, "text/html; charset=utf-8", "<p>nope</p>", ""},
		{"redirect", &Page{Redirect: "/blocked"}, "text/html", 303, "", "", "/blocked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			rec.Header().Set("Content-Length", "999") // the handler's, now wrong
			w := NewWriter(rec, false, tt.accept, nil, tt.page)
			w.Block(blockErr)
			if rec.Code != tt.status || rec.Header().Get("Content-Type") != tt.ctype ||
				!strings.Contains(rec.Body.String(), tt.body) || rec.Header().Get("Location") != tt.location {
				t.Errorf("got %d %q %q location %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String(), rec.Header().Get("Location"))
			}
			if cl := rec.Header().Get("Content-Length"); cl == "999" {
				t.Error("the handler's Content-Length was kept")
			}
		})
	}
}

func TestPageValidate(t *testing.T) {
	tests := []struct {
		page    Page
		wantErr string
	}{
		{Page{Status: 403}, ""},
		{Page{Status: 99}, "block page status 99: want 200-599"},
		{Page{Redirect: "javascript:alert(1)"}, `block page redirect "javascript:alert(1)": scheme must be http or https`},
		{Page{Redirect: "https://example.com/blocked"}, ""},
	}
	for _, tt := range tests {
		err := tt.page.Validate()
		if (err == nil) != (tt.wantErr == "") || err != nil && err.Error() != tt.wantErr {
			t.Errorf("Validate(%+v) = %v, want %q", tt.page, err, tt.wantErr)
		}
	}
}

func TestHeadersValidate(t *testing.T) {
	h := DefaultHeaders()
	h.CSP = "default-src 'self'\r\nX-Evil: 1"
	if err := h.Validate(); err == nil || err.Error() != "header Content-Security-Policy: value contains a control character" {
		t.Errorf("Validate = %v", err)
	}
	h = &Headers{Always: []Header{{"Bad Name", "x"}}}
	if err := h.Validate(); err == nil || err.Error() != `header name "Bad Name" is not a valid token` {
		t.Errorf("Validate = %v", err)
	}
}

// A hook running after the handler returned (in a goroutine that outlived
// it) must not write to the finished response.
// Names configured in any case are sent under their canonical key, both
// from a validated policy (canonicalized once by Validate) and from one
// never validated; an app's own header wins and appending to an added
// value does not write into the value of another header.
func TestHeadersApplyCanonical(t *testing.T) {
	for _, validate := range []bool{true, false} {
		p := &Headers{Always: []Header{{"x-frame-options", "DENY"}, {"x-custom-one", "a"}, {"X-CUSTOM-TWO", "b"}}}
		if validate {
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
		}
		h := http.Header{"X-Custom-One": {"app"}}
		p.Apply(h, false)
		want := http.Header{"X-Frame-Options": {"DENY"}, "X-Custom-One": {"app"}, "X-Custom-Two": {"b"}}
		if !reflect.DeepEqual(h, want) {
			t.Errorf("validate=%v: headers %v, want %v", validate, h, want)
		}
		h.Add("X-Frame-Options", "SAMEORIGIN")
		if got := h["X-Custom-Two"]; !reflect.DeepEqual(got, []string{"b"}) {
			t.Errorf("validate=%v: an Add to X-Frame-Options changed X-Custom-Two to %q", validate, got)
		}
	}
}

func TestBlockAfterFinishWritesNothing(t *testing.T) {
	rec := httptest.NewRecorder()
	w := NewWriter(rec, false, "", nil, nil)
	w.WriteHeader(http.StatusAccepted)
	w.Finish()
	if w.Block(blockErr) {
		t.Error("Block replaced a finished response")
	}
	if rec.Code != http.StatusAccepted || rec.Body.Len() != 0 {
		t.Errorf("status %d body %q after a late block, want 202 and nothing", rec.Code, rec.Body.String())
	}
}

func TestInspectorBlocksBeforeHeadersGoOut(t *testing.T) {
	for _, send := range []struct {
		name string
		do   func(w *Writer)
	}{
		{"write", func(w *Writer) { io.WriteString(w, "secret") }},
		{"read from", func(w *Writer) { w.ReadFrom(strings.NewReader("secret")) }},
		{"flush", func(w *Writer) { w.Flush(); io.WriteString(w, "secret") }},
		{"finish", func(w *Writer) { w.Finish() }},
	} {
		t.Run(send.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			w := NewWriter(rec, false, "application/json", nil, nil)
			var seen int
			w.SetInspector(func(status int, h http.Header) bool { seen = status; return status == 500 })
			w.WriteHeader(500)
			send.do(w)
			w.Finish()
			if seen != 500 || rec.Code != 403 || strings.Contains(rec.Body.String(), "secret") {
				t.Errorf("inspector saw %d; got %d %q, want the block page", seen, rec.Code, rec.Body.String())
			}
		})
	}
}

// Once the body has started, writes go straight to the wrapped writer,
// until a block stops them.
func TestWriterWritesAfterHeadersUntilBlocked(t *testing.T) {
	rec := httptest.NewRecorder()
	w := NewWriter(rec, false, "text/html", DefaultHeaders(), nil)
	for _, s := range []string{"<p>", "a", "</p>"} {
		if n, err := io.WriteString(w, s); n != len(s) || err != nil {
			t.Fatalf("write %q: %d, %v", s, n, err)
		}
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("security headers not sent with the first write")
	}
	if w.Block(blockErr) {
		t.Error("Block replaced a response already sent")
	}
	io.WriteString(w, "<script>")
	w.Finish()
	if got := rec.Body.String(); got != "<p>a</p>" {
		t.Errorf("body %q, want %q (nothing after the block)", got, "<p>a</p>")
	}
}

// Many small writes, as a template rendering a page does.
func BenchmarkWriterWrite(b *testing.B) {
	w := NewWriter(discard{http.Header{}}, false, "", DefaultHeaders(), nil)
	p := []byte("<li>a line of a page</li>")
	b.ReportAllocs()
	for b.Loop() {
		w.Write(p)
	}
}

type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}

// WriteString, as net/http's writer has it.
func (d discard) WriteString(s string) (int, error) { return len(s), nil }

// The first write of a response: the security headers added to a fresh
// header map, then WriteHeader (what each protected response pays once).
func BenchmarkWriterFirstWrite(b *testing.B) {
	h := DefaultHeaders()
	if err := h.Validate(); err != nil {
		b.Fatal(err)
	}
	p := []byte("<p>a page</p>")
	b.ReportAllocs()
	for b.Loop() {
		var w Writer
		w.Init(discard{http.Header{"Content-Type": {"text/html"}}}, true, nil, h, nil)
		w.Write(p)
	}
}

// The headers the Writer adds share its own array while they fit and a
// new one past that; either way each value is a capacity-one slice, so an
// app appending to one header never writes into the next.
func TestWriterHeadersShareNoValue(t *testing.T) {
	for _, n := range []int{2, 5, 8} {
		p := &Headers{HSTS: "max-age=1"}
		for i := range n {
			p.Always = append(p.Always, Header{"X-H" + strconv.Itoa(i), "v" + strconv.Itoa(i)})
		}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		w := NewWriter(rec, true, "", p, nil)
		io.WriteString(w, "x")
		h := rec.Result().Header
		if got := h.Get("Strict-Transport-Security"); got != "max-age=1" {
			t.Errorf("%d headers: HSTS = %q", n, got)
		}
		for i := range n {
			rec.Header().Add("X-H"+strconv.Itoa(i), "app")
		}
		for i := range n {
			k := "X-H" + strconv.Itoa(i)
			if got, want := rec.Header()[k], []string{"v" + strconv.Itoa(i), "app"}; !reflect.DeepEqual(got, want) {
				t.Errorf("%d headers: %s = %q after the app's appends, want %q", n, k, got, want)
			}
		}
		if got := rec.Header()["Strict-Transport-Security"]; !reflect.DeepEqual(got, []string{"max-age=1"}) {
			t.Errorf("%d headers: HSTS = %q after the app's appends", n, got)
		}
	}
}

// WriteString goes through the same gate as Write: before the headers it
// sends them, after a block it drops, after a hijack it fails.
func TestWriterWriteString(t *testing.T) {
	rec := httptest.NewRecorder()
	w := NewWriter(rec, false, "", DefaultHeaders(), nil)
	w.WriteHeader(http.StatusCreated)
	if n, err := w.WriteString("hello "); n != 6 || err != nil {
		t.Fatalf("WriteString = %d, %v", n, err)
	}
	w.WriteString("world")
	w.Finish()
	if rec.Code != http.StatusCreated || rec.Body.String() != "hello world" || rec.Header().Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("status %d body %q headers %v", rec.Code, rec.Body.String(), rec.Header())
	}

	rec = httptest.NewRecorder()
	w = NewWriter(rec, false, "", nil, nil)
	w.Block(blockErr)
	if n, err := w.WriteString("late"); n != 4 || err != nil || strings.Contains(rec.Body.String(), "late") {
		t.Errorf("after a block: WriteString = %d, %v; body %q", n, err, rec.Body.String())
	}
}

// A string written through the Writer reaches net/http's writer as a
// string: no copy into a []byte per write.
func TestWriterWriteStringAllocs(t *testing.T) {
	w := NewWriter(discard{http.Header{}}, false, "", nil, nil)
	w.WriteString("warm up") // sends the headers
	if n := testing.AllocsPerRun(100, func() { io.WriteString(w, "some text") }); n != 0 {
		t.Errorf("io.WriteString through the Writer: %v allocations, want 0", n)
	}
}

// logWriter records, in order, what reaches it: each write (as "w:" and
// its bytes), each flush and a hijack.
type logWriter struct {
	h   http.Header
	log []string
}

func (l *logWriter) Header() http.Header { return l.h }
func (l *logWriter) WriteHeader(int)     {}
func (l *logWriter) Write(p []byte) (int, error) {
	l.log = append(l.log, "w:"+string(p))
	return len(p), nil
}
func (l *logWriter) Flush() { l.log = append(l.log, "flush") }
func (l *logWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	l.log = append(l.log, "hijack")
	return nil, nil, nil
}
func (l *logWriter) ReadFrom(r io.Reader) (int64, error) {
	b, err := io.ReadAll(r)
	l.log = append(l.log, "readfrom:"+string(b))
	return int64(len(b)), err
}

// Short writes reach the wrapped writer gathered, in fewer calls, with
// the same bytes in the same order; a long write passes on what was
// gathered before it goes; Flush, ReadFrom, Hijack and Finish pass on
// what was gathered first.
func TestWriterGathersShortWrites(t *testing.T) {
	l := &logWriter{h: http.Header{}}
	w := NewWriter(l, false, "", nil, nil)
	var want strings.Builder
	for i := range 100 {
		s := "<li>" + strconv.Itoa(i) + "</li>"
		io.WriteString(w, s)
		want.WriteString(s)
	}
	long := strings.Repeat("x", maxBuffered+1)
	w.Write([]byte(long))
	want.WriteString(long)
	w.Write([]byte("tail"))
	want.WriteString("tail")
	w.Flush()
	io.WriteString(w, "after flush")
	w.ReadFrom(strings.NewReader("file"))
	io.WriteString(w, "last")
	w.Finish()
	io.WriteString(w, "late") // after Finish: not gathered, passed on at once

	var got strings.Builder
	var writes int
	for _, e := range l.log {
		if b, ok := strings.CutPrefix(e, "w:"); ok {
			writes++
			got.WriteString(b)
		} else if e == "flush" {
			got.WriteString("|flush|")
		} else if b, ok := strings.CutPrefix(e, "readfrom:"); ok {
			got.WriteString("|readfrom:" + b + "|")
		}
	}
	wantAll := want.String() + "|flush|after flush|readfrom:file|lastlate"
	if got.String() != wantAll {
		t.Errorf("the wrapped writer got\n%q\nwant\n%q", got.String(), wantAll)
	}
	if writes > 10 {
		t.Errorf("%d writes reached the wrapped writer for 100 short ones, want them gathered", writes)
	}
	if l.log[len(l.log)-1] != "w:late" {
		t.Errorf("a write after Finish was not passed on at once: log ends %q", l.log[len(l.log)-1])
	}

	l = &logWriter{h: http.Header{}}
	w = NewWriter(l, false, "", nil, nil)
	io.WriteString(w, "before")
	w.Hijack()
	if strings.Join(l.log, ",") != "w:before,hijack" {
		t.Errorf("hijack: log %q, want the gathered write before the hijack", l.log)
	}
}

// Responses whose status has no body (204, 304) are not gathered: the
// handler's write gets net/http's error at once, as without the Writer.
// A gathered response goes out whole before net/http frames it: a short
// page still gets its Content-Length.
func TestWriterGatheringThroughNetHTTP(t *testing.T) {
	errs := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w := NewWriter(rw, false, "", DefaultHeaders(), nil)
		defer w.Finish()
		if r.URL.Path == "/204" {
			w.WriteHeader(http.StatusNoContent)
			_, err := io.WriteString(w, "x")
			errs <- err
			return
		}
		for i := range 50 {
			io.WriteString(w, "<p>"+strconv.Itoa(i)+"</p>")
		}
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/204")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-errs; err != http.ErrBodyNotAllowed {
		t.Errorf("write on a 204: error %v, want http.ErrBodyNotAllowed", err)
	}
	resp, err = srv.Client().Get(srv.URL + "/page")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var want strings.Builder
	for i := range 50 {
		want.WriteString("<p>" + strconv.Itoa(i) + "</p>")
	}
	if string(body) != want.String() || resp.ContentLength != int64(want.Len()) || resp.Header.Get("X-Frame-Options") == "" {
		t.Errorf("page: body %q, Content-Length %d, headers %v; want the 50 paragraphs, their length, the security headers", body, resp.ContentLength, resp.Header)
	}
}

// A header with no value is not sent, HSTS goes over HTTPS only, and the
// CSP only when the app set no policy of either kind; the same whether
// the policy was validated or not.
func TestHeadersApplySchemesAndCSP(t *testing.T) {
	for _, validate := range []bool{true, false} {
		p := &Headers{Always: []Header{{"X-Empty", ""}, {"X-Frame-Options", "DENY"}}, HSTS: "max-age=2", CSP: "default-src 'self'"}
		if validate {
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
		}
		for _, tls := range []bool{false, true} {
			h := http.Header{}
			p.Apply(h, tls)
			want := http.Header{"X-Frame-Options": {"DENY"}, "Content-Security-Policy": {"default-src 'self'"}}
			if tls {
				want["Strict-Transport-Security"] = []string{"max-age=2"}
			}
			if !reflect.DeepEqual(h, want) {
				t.Errorf("validate=%v tls=%v: headers %v, want %v", validate, tls, h, want)
			}
		}
		h := http.Header{"Content-Security-Policy-Report-Only": {"app"}}
		p.Apply(h, false)
		if _, ok := h["Content-Security-Policy"]; ok {
			t.Errorf("validate=%v: CSP added over the app's report-only policy: %v", validate, h)
		}
	}
}

// The write buffer, allocated by every response written in pieces, is
// exactly a size class (512 bytes): a byte more, its count among them,
// took it to the 576-byte class, 64 bytes more garbage per response.
func TestWriteBufIsASizeClass(t *testing.T) {
	if n := unsafe.Sizeof(writeBuf{}); n != 512 {
		t.Errorf("writeBuf is %d bytes, want 512, a size class of its own", n)
	}
}

// The wire form of a policy is what net/http would have written for the
// headers apply adds: for every scheme, CSP kind and subset of the
// policy's headers the app set itself, the lines WireHeaders writes are
// the lines of the added headers, as http.Header.Write writes them.
func TestWireHeadersAsNetHTTPWrites(t *testing.T) {
	names := []string{"X-Frame-Options", "X-Content-Type-Options", "Strict-Transport-Security", "Content-Security-Policy", "Content-Security-Policy-Report-Only", "X-Padded"}
	for _, reportOnly := range []bool{false, true} {
		p := DefaultHeaders()
		p.Always = append(p.Always, Header{"x-padded", " \tspaced value\t "}, Header{"X-Empty", ""})
		p.CSP, p.CSPReportOnly = "default-src 'self'", reportOnly
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		for _, tls := range []bool{false, true} {
			for set := 0; set < 1<<len(names); set++ {
				app := http.Header{"Content-Type": {"text/plain"}}
				for i, n := range names {
					if set&(1<<i) != 0 {
						app[n] = []string{"app"}
					}
				}
				applied := app.Clone()
				p.Apply(applied, tls)
				for k := range app {
					delete(applied, k)
				}
				var want strings.Builder
				applied.Write(&want)

				var got strings.Builder
				bw := bufio.NewWriter(&got)
				w := &Writer{headers: p}
				if tls {
					w.flags.Store(flagTLS)
				}
				w.flags.Or(flagWire | flagWireDue)
				w.WireHeaders(app, bw)
				w.WireHeaders(app, bw) // once only
				bw.Flush()

				gotLines, wantLines := strings.SplitAfter(got.String(), "\r\n"), strings.SplitAfter(want.String(), "\r\n")
				slices.Sort(gotLines)
				slices.Sort(wantLines)
				if !slices.Equal(gotLines, wantLines) {
					t.Errorf("reportOnly=%v tls=%v app set %v:\nwire %q\nwant %q", reportOnly, tls, app, got.String(), want.String())
				}
			}
		}
	}
}

// Through net/http's HTTP/1 writer with SetWireHeaders, the Writer leaves
// the header map alone and writes the headers once, when WireHeaders is
// called; a block page adds them to the map, as does a writer without
// SetWireHeaders.
func TestWireHeadersLeftToTheHeaderBlock(t *testing.T) {
	p := DefaultHeaders()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		wire, block bool
		wantMap     bool // the policy's headers in the map
		wantLines   int  // written by WireHeaders
	}{
		{"wire", true, false, false, 4},
		{"wire, blocked", true, true, true, 0},
		{"map", false, false, true, 0},
	} {
		rec := httptest.NewRecorder()
		w := NewWriter(rec, false, "", p, nil)
		if c.wire {
			w.SetWireHeaders()
		}
		if c.block {
			w.Block(blockErr)
		} else {
			io.WriteString(w, "a")
			io.WriteString(w, "b")
		}
		w.Finish()
		if got := rec.Header().Get("X-Frame-Options") != ""; got != c.wantMap {
			t.Errorf("%s: X-Frame-Options in the header map: %v, want %v (%v)", c.name, got, c.wantMap, rec.Header())
		}
		var out strings.Builder
		bw := bufio.NewWriter(&out)
		w.WireHeaders(rec.Header(), bw)
		bw.Flush()
		if got := strings.Count(out.String(), "\r\n"); got != c.wantLines {
			t.Errorf("%s: WireHeaders wrote %d lines, want %d: %q", c.name, got, c.wantLines, out.String())
		}
	}
}

// A header name net/http would leave out (not a token) is refused.
func TestHeadersValidateToken(t *testing.T) {
	for _, name := range []string{"X-Foo(bar)", "X:Y", "X/Y", "X\"Y", "X{Y}", "Ä"} {
		p := &Headers{Always: []Header{{name, "v"}}}
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "is not a valid token") {
			t.Errorf("Validate with header name %q = %v, want it refused", name, err)
		}
	}
	p := &Headers{Always: []Header{{"X-Ok_1.2~!#$%&'*+^`|", "v"}}}
	if err := p.Validate(); err != nil {
		t.Errorf("Validate with a name of token characters: %v", err)
	}
}

// BenchmarkHeaderBlock is what the default security headers cost an
// HTTP/1 response's header block, as net/http writes it: the handler's
// header (one Content-Type) cloned at WriteHeader, then written sorted,
// line by line. "map" adds the headers to the header map first (HTTP/2's
// way, and HTTP/1's before the http.header hook); "wire" leaves the map
// alone and writes them pre-rendered after net/http's lines, as the hook
// does; "none" is the block without them.
func BenchmarkHeaderBlock(b *testing.B) {
	p := DefaultHeaders()
	if err := p.Validate(); err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriterSize(io.Discard, 4096)
	var vals [5]string // the Writer's own backing of the values (hvals)
	for _, how := range []string{"none", "map", "wire"} {
		b.Run(how, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
				if how == "map" {
					p.apply(h, false, vals[:0])
				}
				sent := h.Clone()
				sent.Write(bw)
				if how == "wire" {
					p.writeWire(sent, bw, false)
				}
				bw.Reset(io.Discard)
			}
		})
	}
}
