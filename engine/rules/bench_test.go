package rules

import (
	"fmt"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/engine/budget"
)

// typicalGET is a browser GET with 10 query parameters and 15 headers, no
// attack.
func typicalGET() *Request {
	q := map[string][]string{}
	for i, v := range []string{"shoes", "blue", "42", "price_asc", "2", "24", "en-US", "true", "summer-sale", "1700000000"} {
		q[fmt.Sprintf("p%d", i)] = []string{v}
	}
	h := map[string][]string{
		"host":                      {"shop.example.com"},
		"user-agent":                {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"},
		"accept":                    {"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"},
		"accept-language":           {"en-US,en;q=0.9,fr;q=0.8"},
		"accept-encoding":           {"gzip, deflate, br"},
		"referer":                   {"https://shop.example.com/category/shoes?page=1"},
		"connection":                {"keep-alive"},
		"upgrade-insecure-requests": {"1"},
		"sec-fetch-dest":            {"document"},
		"sec-fetch-mode":            {"navigate"},
		"sec-fetch-site":            {"same-origin"},
		"sec-ch-ua":                 {`"Chromium";v="120", "Not?A_Brand";v="24"`},
		"sec-ch-ua-platform":        {`"macOS"`},
		"x-request-id":              {"5f0c6b7e-3c1a-4e8f-9d2b-7a6e5c4b3a21"},
		"cookie":                    {"session=abc; theme=dark"},
	}
	return &Request{
		Method: "GET", Path: "/search", Route: "/search", ClientIP: "203.0.113.7",
		RawQuery: "p0=shoes&p1=blue", UserAgent: h["user-agent"][0], Query: q, Headers: h,
		Cookies: map[string]string{"session": "4a1e7c9b2d", "theme": "dark"},
	}
}

// smallGET is the most common request: a browser GET with 2 query
// parameters, 8 headers and a session cookie, no attack.
func smallGET() *Request {
	h := map[string][]string{
		"host":            {"shop.example.com"},
		"user-agent":      {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"},
		"accept":          {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
		"accept-language": {"en-US,en;q=0.9"},
		"accept-encoding": {"gzip, deflate, br"},
		"referer":         {"https://shop.example.com/"},
		"connection":      {"keep-alive"},
		"cookie":          {"session=4a1e7c9b2d"},
	}
	return &Request{
		Method: "GET", Path: "/books", Route: "/books", ClientIP: "203.0.113.7",
		RawQuery: "q=go+programming&page=2", UserAgent: h["user-agent"][0],
		Query:   map[string][]string{"q": {"go programming"}, "page": {"2"}},
		Headers: h, Cookies: map[string]string{"session": "4a1e7c9b2d"},
	}
}

// BenchmarkSmallGET: the default request rules on smallGET, a new Request
// each time (inputs listed every time, as in production), with and
// without the pre-filter.
func BenchmarkSmallGET(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"prefilter", nil}, {"noprefilter", []Option{withoutPrefilter()}}} {
		b.Run(mode.name, func(b *testing.B) {
			set := benchSet(b, Builtin(), mode.opts...)
			tmpl := smallGET()
			bud := budget.New(budget.Default)
			b.ReportAllocs()
			start := processCPU(b)
			defer reportCPU(b, start)
			for b.Loop() {
				req := &Request{Method: tmpl.Method, Path: tmpl.Path, Route: tmpl.Route, ClientIP: tmpl.ClientIP,
					RawQuery: tmpl.RawQuery, UserAgent: tmpl.UserAgent, Query: tmpl.Query, Headers: tmpl.Headers, Cookies: tmpl.Cookies}
				if res := set.Eval(RequestHook, &Input{Request: req}, bud); len(res.Matches) != 0 {
					b.Fatalf("small GET matched %+v", res.Matches)
				}
			}
		})
	}
}

// BenchmarkSmallGETEval is evaluation alone on smallGET, its inputs
// listed once: the no-match path must not allocate.
func BenchmarkSmallGETEval(b *testing.B) {
	set := benchSet(b, Builtin())
	in := &Input{Request: smallGET()}
	bud := budget.New(0)
	b.ReportAllocs()
	start := processCPU(b)
	defer reportCPU(b, start)
	for b.Loop() {
		if res := set.Eval(RequestHook, in, bud); len(res.Matches) != 0 {
			b.Fatalf("small GET matched %+v", res.Matches)
		}
	}
}

// reportCPU adds the process CPU time per operation since start as the
// "cpu-ns/op" metric (see processCPU).
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
}

func benchSet(b *testing.B, rs []Rule, opts ...Option) *Set {
	set, errs := Compile(rs, opts...)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	return set
}

// BenchmarkRequestRules: the default request rules on a typical GET, a new
// Request each time (so the input list is built every time, as in
// production).
func BenchmarkRequestRules(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"native", nil}, {"expr", []Option{withoutNative()}}} {
		b.Run(mode.name, func(b *testing.B) {
			set := benchSet(b, Builtin(), mode.opts...)
			tmpl := typicalGET()
			b.ReportAllocs()
			start := processCPU(b)
			defer reportCPU(b, start)
			for b.Loop() {
				req := &Request{Method: tmpl.Method, Path: tmpl.Path, Route: tmpl.Route, ClientIP: tmpl.ClientIP,
					RawQuery: tmpl.RawQuery, UserAgent: tmpl.UserAgent, Query: tmpl.Query, Headers: tmpl.Headers, Cookies: tmpl.Cookies}
				res := set.Eval(RequestHook, &Input{Request: req}, budget.New(budget.Default))
				if len(res.Matches) != 0 {
					b.Fatalf("typical GET matched %+v", res.Matches)
				}
			}
		})
	}
}

// BenchmarkRequestRulesEval measures evaluation alone, on a request whose
// inputs are already listed: the no-match path must not allocate.
func BenchmarkRequestRulesEval(b *testing.B) {
	set := benchSet(b, Builtin())
	in := &Input{Request: typicalGET()}
	bud := budget.New(0)
	b.ReportAllocs()
	start := processCPU(b)
	defer reportCPU(b, start)
	for b.Loop() {
		if res := set.Eval(RequestHook, in, bud); len(res.Matches) != 0 {
			b.Fatalf("typical GET matched %+v", res.Matches)
		}
	}
}

// BenchmarkSQLRule: the built-in SQL rule on a request with 10 inputs, two
// of which are inside literals of the query.
func BenchmarkSQLRule(b *testing.B) {
	benchSQLRule(b)
}

// BenchmarkSQLRuleNoPrefilter is BenchmarkSQLRule without the pre-filter,
// for comparison in one run.
func BenchmarkSQLRuleNoPrefilter(b *testing.B) {
	benchSQLRule(b, withoutPrefilter())
}

// BenchmarkSQLRuleSmallGET: the built-in SQL rule on smallGET's inputs
// (parameters, headers, cookie), the search term inside a literal of the
// query.
func BenchmarkSQLRuleSmallGET(b *testing.B) {
	var rs []Rule
	for _, r := range Builtin() {
		if r.Hook == SQL {
			rs = append(rs, r)
		}
	}
	set := benchSet(b, rs)
	in := &Input{Request: smallGET(), SQL: &SQLSink{
		Query:   "SELECT id, title, price FROM books WHERE title LIKE '%go programming%' ORDER BY title LIMIT 20 OFFSET 20",
		Dialect: "sqlite",
	}}
	bud := budget.New(0)
	b.ReportAllocs()
	start := processCPU(b)
	defer reportCPU(b, start)
	for b.Loop() {
		if res := set.Eval(SQL, in, bud); len(res.Matches) != 0 {
			b.Fatalf("matched %+v", res.Matches)
		}
	}
}

func benchSQLRule(b *testing.B, opts ...Option) {
	var rs []Rule
	for _, r := range Builtin() {
		if r.Hook == SQL {
			rs = append(rs, r)
		}
	}
	set := benchSet(b, rs, opts...)
	req := typicalGET()
	req.Headers, req.Cookies = nil, nil // the 10 query parameters
	if n := len(req.Inputs()); n != 10 {
		b.Fatalf("%d inputs, want 10", n)
	}
	in := &Input{Request: req, SQL: &SQLSink{
		Query:   "SELECT id, name, price FROM products WHERE name LIKE '%shoes%' AND color = 'blue' ORDER BY price LIMIT 24",
		Dialect: "postgresql",
	}}
	bud := budget.New(0)
	b.ReportAllocs()
	start := processCPU(b)
	defer reportCPU(b, start)
	for b.Loop() {
		if res := set.Eval(SQL, in, bud); len(res.Matches) != 0 {
			b.Fatalf("matched %+v", res.Matches)
		}
	}
}

func BenchmarkHas(b *testing.B) {
	set := benchSet(b, Builtin())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if set.Has(Shell) {
			n++
		}
	}
	if n == 0 {
		b.Fatal("no shell rule")
	}
}

// BenchmarkInputs measures listing a typical GET's inputs, done once per
// request.
func BenchmarkInputs(b *testing.B) {
	tmpl := typicalGET()
	b.ReportAllocs()
	start := processCPU(b)
	defer reportCPU(b, start)
	for b.Loop() {
		req := &Request{Query: tmpl.Query, Headers: tmpl.Headers, Cookies: tmpl.Cookies}
		if len(req.Inputs()) == 0 {
			b.Fatal("no inputs")
		}
	}
}
