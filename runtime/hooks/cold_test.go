package hooks

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/gls"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// coldEvict is what a request's worth of the app's own work stands for
// between two requests of BenchmarkRequestCold: bench/app spends about
// 300 to 500 us of CPU per request in SQLite and html/template, and sweeps
// through more than a core's L2 cache (512 KB to 1 MB) doing it.
const coldEvict = 4 << 20

// dramEvict is twice the last-level cache of the machines of
// docs/PERFORMANCE.md (32 MB): after it nothing of the previous request is
// cached at any level, code included, as after a busy neighbour or a GC
// cycle through a large heap. The side-by-side load lies between "cold"
// and "dram".
const dramEvict = 64 << 20

// evict writes one byte per cache line of buf, so that what the previous
// request left in the caches is gone.
func evict(buf []byte) {
	for i := 0; i < len(buf); i += 64 {
		buf[i]++
	}
}

// discardResponse is a ResponseWriter that takes the response as
// net/http's HTTP/1 writer does: its header block, written before the
// first byte of the body, then the body, both copied into a buffer of the
// connection's size (4 KB, a bufio.Writer's), dropped when full, as a
// socket would take it. The copy counts: a writer that did not read what
// it is given left the template's text unread in the plain request, and
// the protected one's Writer, which copies short writes into its buffer,
// read it for both (about 10 lines from memory, in the dram case).
type discardResponse struct {
	h  http.Header
	bw *bufio.Writer
	// hook, when set, is the request's context field: the header block
	// is written as an instrumented net/http writes it, through its
	// header hook, which adds the security headers the protected
	// request's Writer left to it.
	hook       *context.Context
	headerSent bool
}

func newDiscardResponse() *discardResponse {
	return &discardResponse{h: http.Header{}, bw: bufio.NewWriterSize(io.Discard, 4096)}
}

// reset readies d for the next request, not hooked.
func (d *discardResponse) reset() {
	clear(d.h)
	d.bw.Reset(io.Discard)
	d.hook, d.headerSent = nil, false
}

func (d *discardResponse) Header() http.Header { return d.h }
func (d *discardResponse) WriteHeader(int)     {}
func (d *discardResponse) Write(p []byte) (int, error) {
	if !d.headerSent {
		d.headerSent = true
		d.bw.WriteString("HTTP/1.1 200 OK\r\n")
		d.h.Write(d.bw)
		if d.hook != nil {
			httpHeaderV3(*d.hook, d.h, d.bw)
		}
		d.bw.WriteString("\r\n")
	}
	return d.bw.Write(p)
}

// BenchmarkRequestCold is sqreen's part of a bench/app request (GET
// /book?id=7&ref=home: three queries and a 2 KB html/template page
// written in ~200 pieces), timed as a whole. Each iteration serves the
// request twice, timed apart: "plain" renders the page to the response;
// "protected" does it through sqreen's hooks as an instrumented build
// does: the net/http entry, the three SQL hooks (the queries themselves
// are not run, in either), the template hook with its pre-check, the
// response Writer and the end of the request. It reports the median of
// each (plain-us, protected-us) and of their difference per iteration
// (added-us). "cold" sweeps 4 MB before each request, so that what the
// previous one left in the caches is gone, as the app's own work between
// two requests would; "hot" does not; "dram" sweeps 64 MB, more than the
// last-level cache. For the protected request it also reports where the
// time went, as medians: the entry (entry-us), the first query's check
// (sql1-us), the two others' (sql23-us), the page through the template
// hook and the Writer less the plain page (page-added-us), and the end of
// the request (end-us).
//
// Built as a protected app is (sqreen-build go test -c, as
// bench/footprint.sh does), its queries are the constants they are in
// bench/app, which the SQL hooks skip (gls.Constant); in a plain test
// binary they are checked as queries built at run time would be.
//
// It measures in seconds what the side-by-side load of bench/overhead
// measures in minutes with a noise of several microseconds, but only what
// sqreen runs: not what its code and garbage cost the app's own code
// around it (docs/PERFORMANCE.md). The collector is off while it runs,
// but for a full collection every 1,024 iterations between two requests
// (the allocations show in B/op): its cycles would land at random in
// either half. The response goes to a writer that writes its header
// block (with the security headers, in the protected request, through
// net/http's header hook) and copies it into a buffer, as net/http's
// does; in a real server net/http's writer costs more per call, and
// sqreen's Writer, which gathers the page's short writes into a few,
// spares it more than it costs: here it counts as pure cost.
func BenchmarkRequestCold(b *testing.B) {
	newTestAgent(b, false)
	queries := [...]string{
		"SELECT id, title, author, price, summary FROM books WHERE id = ?",
		"SELECT stars, reviewer, body FROM reviews WHERE book_id = ? ORDER BY id",
		"SELECT id, title, price FROM books WHERE author = ? AND id <> ? ORDER BY price LIMIT 5",
	}
	book := benchBook{Title: "The Go Programming Language", Author: "Alan Donovan", Ref: "home",
		Summary: strings.Repeat("A thorough introduction to Go, its types, goroutines and channels. ", 8)}
	for i := range 20 {
		book.Reviews = append(book.Reviews, fmt.Sprintf("reader %d", i))
	}
	conn, stopConn := context.WithCancel(context.Background())
	defer stopConn()
	w := newDiscardResponse()
	field := new(context.Context)
	// stages holds when each stage of the last protected request ended,
	// from its start: the entry, the first query, the third, the page,
	// the end. page is how long the last request's page took.
	var stages [5]time.Duration
	var page time.Duration
	// serve runs one request and returns how long it took.
	serve := func(protected bool) time.Duration {
		w.reset()
		ctx, cancel := context.WithCancel(conn)
		defer cancel()
		r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/book?id=7&ref=home", nil)
		r.Header.Set("User-Agent", "sqreen-bench-load/1")
		r.Header.Set("Accept", "text/html")
		start := time.Now()
		var rw http.ResponseWriter = w
		var end func()
		if protected {
			*field = ctx
			w.hook = field
			var blocked bool
			rw, end, blocked = httpEnterV3(w, r, cancel, field)
			if blocked || end == nil {
				b.Fatal("bench/app's request blocked, or not entered")
			}
			stages[0] = time.Since(start)
			ctx = *field
			for i, q := range queries {
				if err := SQL(ctx, &pqDriver{}, q); err != nil {
					b.Fatal(err)
				}
				if i == 0 {
					stages[1] = time.Since(start)
				}
			}
			stages[2] = time.Since(start)
		}
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		var tw io.Writer = rw
		var done func(error) error
		if protected && gls.Get() == nil {
			// What TemplateBegin does in an instrumented build, where it
			// finds the request through the goroutine (gls), which a
			// plain test binary has not: its pre-check runs. Built with
			// sqreen-build go test (bench/footprint.sh), the test binary's
			// text/template calls the hook itself.
			if w2, d := templateStart(agent.Current(), reqctx.Current(ctx), rw, "book"); d != nil {
				tw, done = w2, d
			}
		}
		err := benchPage.Execute(tw, &book)
		if done != nil {
			err = done(err)
		}
		d := time.Since(start)
		page = d
		if protected {
			page, stages[3] = d-stages[2], d
		}
		if end != nil {
			end()
			d = time.Since(start)
			stages[4] = d
		}
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, evicted := range []int{0, coldEvict, dramEvict} {
		b.Run(map[int]string{0: "hot", coldEvict: "cold", dramEvict: "dram"}[evicted], func(b *testing.B) {
			buf := make([]byte, evicted)
			var plain, protected, added []float64
			var entry, sql1, sql23, pageAdded, end []float64
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if i%1024 == 1023 {
					runtime.GC() // outside the timed requests: the heap stays small
				}
				evict(buf)
				p := serve(false)
				plainPage := page
				evict(buf)
				q := serve(true)
				entry = append(entry, us(stages[0]))
				sql1 = append(sql1, us(stages[1]-stages[0]))
				sql23 = append(sql23, us(stages[2]-stages[1]))
				pageAdded = append(pageAdded, us(page-plainPage))
				end = append(end, us(stages[4]-stages[3]))
				plain = append(plain, us(p))
				protected = append(protected, us(q))
				added = append(added, us(q-p))
			}
			b.ReportMetric(median(plain), "plain-us")
			b.ReportMetric(median(protected), "protected-us")
			b.ReportMetric(median(added), "added-us")
			b.ReportMetric(median(entry), "entry-us")
			b.ReportMetric(median(sql1), "sql1-us")
			b.ReportMetric(median(sql23), "sql23-us")
			b.ReportMetric(median(pageAdded), "page-added-us")
			b.ReportMetric(median(end), "end-us")
		})
	}
}

// us is d in microseconds.
func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// median returns the median of xs (which it sorts).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	return xs[len(xs)/2]
}
