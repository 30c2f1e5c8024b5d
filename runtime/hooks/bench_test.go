package hooks

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
)

// The no-op paths: a query in a process that has served no protected
// request (one atomic load), and a query outside any request in a server
// (the request looked for in the context).
func BenchmarkSQLNoRequest(b *testing.B) {
	a := newTestAgent(b, false)
	ctx := context.Background()
	b.Run("none-served", func(b *testing.B) {
		agent.ForgetServed()
		b.ReportAllocs()
		for b.Loop() {
			if err := SQL(ctx, nil, "SELECT 1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("outside-request", func(b *testing.B) {
		_, _, _, end := inFlight(b, a, "/")
		end()
		b.ReportAllocs()
		for b.Loop() {
			if err := SQL(ctx, nil, "SELECT 1"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Every sink hook's no-op path, in a process that has served no
// protected request.
func BenchmarkNoRequest(b *testing.B) {
	newTestAgent(b, false)
	agent.ForgetServed()
	ctx := context.Background()
	argv := []string{"ls", "-l"}
	var sink strings.Builder
	for _, bc := range []struct {
		name string
		call func() error
	}{
		{"sql", func() error { return SQLDialect(ctx, "postgresql", "SELECT 1") }},
		{"exec", func() error { return Exec("/bin/ls", argv) }},
		{"file", func() error { return File("open", "/etc/hosts", 0) }},
		{"dial", func() error { return Dial(ctx, "tcp", "127.0.0.1:80") }},
		{"template", func() error {
			if w, done := TemplateBegin(&sink, "t"); w != &sink || done != nil {
				b.Fatal("template hook wrapped the writer")
			}
			return nil
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.call(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A sql hook with a request in flight carrying 10 inputs, benign query
// which one of them reaches (category = 'value3'): the detector runs, after
// the pre-check that finds the input (agent.Unmatched).
func BenchmarkSQLInFlight10Inputs(b *testing.B) {
	a := newTestAgent(b, false)
	var q []string
	for i := range 10 {
		q = append(q, fmt.Sprintf("p%d=value%d", i, i))
	}
	r, _, _, end := inFlight(b, a, "/search?"+strings.Join(q, "&"))
	defer end()
	ctx := r.Context()
	query := "SELECT id, name FROM products WHERE category = 'value3' AND price < 100 ORDER BY name LIMIT 20"
	b.ReportAllocs()
	for b.Loop() {
		if err := SQLDialect(ctx, "postgresql", query); err != nil {
			b.Fatal(err)
		}
	}
}

// A sql hook with bench/app's request in flight (/book?id=7&ref=home, a
// User-Agent) and one of its queries, with a placeholder, which no input
// reaches: the pre-check is the whole check.
func BenchmarkSQLInFlightBenchApp(b *testing.B) {
	a := newTestAgent(b, false)
	r := httptest.NewRequest(http.MethodGet, "/book?id=7&ref=home", nil)
	r.Header.Set("User-Agent", "sqreen-bench-load/1")
	r, _, _, end := inFlightRequest(b, a, r)
	defer end()
	ctx := r.Context()
	query := "SELECT stars, reviewer, body FROM reviews WHERE book_id = ? ORDER BY id"
	b.ReportAllocs()
	for b.Loop() {
		if err := SQL(ctx, &pqDriver{}, query); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPage is a page like bench/app's: a book, its reviews and more
// books by the same author, about 2 KB of HTML.
var benchPage = template.Must(template.New("book").Parse(`<!doctype html>
<html><head><title>{{.Title}}</title></head>
<body><h1>{{.Title}}</h1><p class="author">by {{.Author}}</p><p>{{.Summary}}</p>
{{if .Ref}}<p>You came from <a href="/{{.Ref}}">{{.Ref}}</a>.</p>{{end}}
<ul>{{range .Reviews}}
<li><b>{{.}}</b> (4/5): a careful, well argued and pleasant read, recommended to anyone.</li>{{end}}
</ul></body></html>
`))

type benchBook struct {
	Title, Author, Summary, Ref string
	Reviews                     []string
}

// The template hook with a request in flight: a 2 KB html/template page
// rendered for a request whose inputs are benign (query, browser headers,
// cookies), as bench/app does on every GET /book.
func BenchmarkTemplateInFlight(b *testing.B) {
	a := newTestAgent(b, false)
	r := httptest.NewRequest(http.MethodGet, "/book?id=7&ref=home", nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")
	r.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	r.Header.Set("Accept-Language", "en-US,en;q=0.5")
	r.Header.Set("Referer", "https://shop.example/books?page=2")
	r.Header.Set("Cookie", "session=4f2a9c1e77d04b6b; theme=dark")
	_, req, _, end := inFlightRequest(b, a, r)
	defer end()
	book := benchBook{Title: "The Go Programming Language", Author: "Alan Donovan", Ref: req.Query().Get("ref"),
		Summary: strings.Repeat("A thorough introduction to Go, its types, goroutines and channels. ", 8)}
	for i := range 12 {
		book.Reviews = append(book.Reviews, fmt.Sprintf("reader %d", i))
	}
	for _, hooked := range []bool{false, true} {
		b.Run(map[bool]string{false: "plain", true: "hooked"}[hooked], func(b *testing.B) {
			var sink bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				sink.Reset()
				var w io.Writer = &sink
				var done func(error) error
				if hooked {
					w, done = templateStart(a, req, &sink, "book")
				}
				err := benchPage.Execute(w, &book)
				if done != nil {
					err = done(err)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(sink.Len()))
		})
	}
}

// The HTTP entry and end of a plain GET with the default rules, as
// net/http serves it over HTTP/1 (each request has its own cancellable
// context, derived from the connection's; the server's 2 allocations for
// it are counted): through HTTPEnter (sqreen.Middleware: the agent derives
// the request's context with a cancel of its own and serves a copy of the
// request) and through the instrumented net/http entry, which hands over
// net/http's cancel and the request's context field (set in place); the
// header block is then written through the header hook, which adds there
// the security headers the Writer left to it (net/http's own lines are
// not written, in either).
func BenchmarkHTTPEntry(b *testing.B) {
	newTestAgent(b, false)
	conn, stopConn := context.WithCancel(context.Background())
	defer stopConn()
	r := httptest.NewRequest(http.MethodGet, "/products?page=2&sort=price", nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
	r.Header.Set("Accept", "text/html")
	w := httptest.NewRecorder()
	// field stands for the Request's context field, which net/http's
	// entry hands over (the request is on the heap already).
	field := new(context.Context)
	block := bufio.NewWriter(io.Discard)
	for _, bc := range []struct {
		name  string
		enter func(w http.ResponseWriter, r *http.Request, cancel func()) (func(), bool)
	}{
		{"middleware", func(w http.ResponseWriter, r *http.Request, _ func()) (func(), bool) {
			_, _, end, blocked := HTTPEnter(w, r)
			return end, blocked
		}},
		{"net-http", func(w http.ResponseWriter, r *http.Request, cancel func()) (func(), bool) {
			*field = r.Context()
			_, end, blocked := httpEnterV3(w, r, cancel, field)
			return end, blocked
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ctx, cancel := context.WithCancel(conn)
				end, blocked := bc.enter(w, r.WithContext(ctx), cancel)
				if blocked || end == nil {
					b.Fatal("plain GET blocked, or not entered")
				}
				end()
				if bc.name == "net-http" {
					httpHeaderV3(*field, w.Header(), block)
					block.Reset(io.Discard)
				}
				cancel()
			}
		})
	}
}
