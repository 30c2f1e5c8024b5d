package rules

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/budget"
)

// rawPair is one request built both ways: with the maps given (the
// cookies parsed from the Cookie header, as the agent did), and FromRaw
// (what the agent builds).
func rawPair(rawQuery string, header map[string][]string) (maps, raw *Request) {
	q, _ := url.ParseQuery(rawQuery)
	if len(q) == 0 {
		q = nil
	}
	lower := map[string][]string{}
	for k, vs := range header {
		lower[strings.ToLower(k)] = vs
	}
	maps = &Request{Method: "GET", Path: "/p", RawQuery: rawQuery, Query: q, Headers: lower,
		Cookies: ParseCookies(header["Cookie"])}
	raw = &Request{Method: "GET", Path: "/p", RawQuery: rawQuery, FromRaw: true, Header: header}
	return maps, raw
}

func sortedInputs(r *Request) []string {
	var out []string
	for _, in := range r.Inputs() {
		out = append(out, fmt.Sprintf("%s=%q", in.Source(), in.Value))
	}
	slices.Sort(out)
	return out
}

// A Request FromRaw lists the same inputs as one given url.ParseQuery's
// map and lower-cased headers, for queries url.ParseQuery is picky about.
func TestFromRawInputsMatchMaps(t *testing.T) {
	header := map[string][]string{
		"User-Agent": {"Mozilla/5.0"}, "Accept": {"text/html"}, "X-Api-Key": {"k1", "k2"},
		"X-Custom-Thing": {"v"}, "Accept-Encoding": {"gzip"}, "Cookie": {"a=b"}, "Dnt": {"1"},
	}
	for _, q := range []string{
		"", "id=7&ref=home", "q=go+programming&page=2", "a=1&a=2&a=", "&&x=1&", "k%20ey=v%27al",
		"bad=%zz&ok=1", "%zz=1&ok=2", "semi=1;2&ok=3", "noval&=empty&x=", "u=%E2%82%AC&u=%F0%9F%98%80",
		strings.Repeat("p=1&", maxQueryParams) + "last=1", // past url.ParseQuery's limit: nothing
	} {
		maps, raw := rawPair(q, header)
		if want, got := sortedInputs(maps), sortedInputs(raw); !slices.Equal(want, got) {
			t.Errorf("query %.60q: FromRaw inputs\n%v\nwant (maps)\n%v", q, got, want)
		}
		if raw.Query != nil || raw.Headers != nil || raw.Cookies != nil {
			t.Errorf("query %.60q: Inputs built the maps of a FromRaw request", q)
		}
	}
}

// A rule run on expr's VM reads request.query, request.headers and
// request.cookies of a Request FromRaw as if they were given; native plans
// never build them.
func TestFromRawMapsForExprRules(t *testing.T) {
	set, errs := Compile([]Rule{{
		ID: "expr-maps", Hook: RequestHook, Action: Monitor,
		Condition: `request.headers["x-api-key"][0] == "k1" && request.query.id[0] == "7" && len(request.query) == 2 &&
			request.cookies.theme == "dark" && len(request.cookies) == 2`,
	}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, raw := rawPair("id=7&ref=home", map[string][]string{"X-Api-Key": {"k1"}, "Cookie": {"session=s1; theme=dark"}})
	res := set.Eval(RequestHook, &Input{Request: raw}, budget.New(0))
	if len(res.Matches) != 1 {
		t.Fatalf("expr rule on a FromRaw request: %d matches, want 1 (panics %d)", len(res.Matches), res.Panics)
	}

	builtin, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, raw = rawPair("id=7&ref=home", map[string][]string{"User-Agent": {"Mozilla/5.0"}, "Cookie": {"session=s1"}})
	builtin.Eval(RequestHook, &Input{Request: raw}, budget.New(0))
	if raw.Query != nil || raw.Headers != nil || raw.Cookies != nil {
		t.Error("the built-in request rules (native plans) built the maps of a FromRaw request")
	}
	_, raw = rawPair("id=7", map[string][]string{"User-Agent": {"sqlmap/1.7.2#stable (https://sqlmap.org)"}})
	raw.UserAgent = "sqlmap/1.7.2#stable (https://sqlmap.org)"
	if res := builtin.Eval(RequestHook, &Input{Request: raw}, budget.New(0)); len(res.Matches) == 0 {
		t.Error("scanner user agent not matched on a FromRaw request")
	}
}

// A WAF signature sees a query parameter of a FromRaw request, decoded.
func TestFromRawSignatureSeesQuery(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, raw := rawPair("id=1%27%20OR%20%271%27%3D%271", nil)
	res := set.Eval(RequestHook, &Input{Request: raw}, budget.New(0))
	if len(res.Matches) == 0 || res.Matches[0].Evidence.Source != "query.id" {
		t.Fatalf("matches %+v, want waf-sqli on query.id", res.Matches)
	}
}

func TestLowerHeader(t *testing.T) {
	for _, k := range []string{"User-Agent", "X-Forwarded-For", "X-Custom-Thing", "Dnt", "Sec-Ch-Ua-Platform", "already-lower"} {
		if got, want := LowerHeader(k), strings.ToLower(k); got != want {
			t.Errorf("LowerHeader(%q) = %q, want %q", k, got, want)
		}
	}
}

// BenchmarkSmallGETFromRaw is BenchmarkSmallGET on the request the agent
// builds: raw query and net/http's headers, no maps.
func BenchmarkSmallGETFromRaw(b *testing.B) {
	set := benchSet(b, Builtin())
	tmpl := smallGET()
	header := map[string][]string{}
	for k, vs := range tmpl.Headers {
		header[canonicalForBench(k)] = vs
	}
	bud := budget.New(budget.Default)
	b.ReportAllocs()
	start := processCPU(b)
	defer reportCPU(b, start)
	for b.Loop() {
		req := &Request{Method: tmpl.Method, Path: tmpl.Path, Route: tmpl.Route, ClientIP: tmpl.ClientIP,
			RawQuery: tmpl.RawQuery, UserAgent: tmpl.UserAgent, FromRaw: true, Header: header}
		if res := set.Eval(RequestHook, &Input{Request: req}, bud); len(res.Matches) != 0 {
			b.Fatalf("small GET matched %+v", res.Matches)
		}
	}
}

// canonicalForBench turns "user-agent" into "User-Agent".
func canonicalForBench(k string) string {
	parts := strings.Split(k, "-")
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, "-")
}

// Checks of one request run concurrently (the handler's goroutines): the
// maps of a FromRaw request are built once, safely (go test -race).
func TestFromRawMapsConcurrent(t *testing.T) {
	set, errs := Compile([]Rule{{
		ID: "expr-header", Hook: RequestHook, Action: Monitor,
		Condition: `request.headers["x-api-key"][0] == "k1" && request.query.id[0] == "7"`,
	}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	_, raw := rawPair("id=7", map[string][]string{"X-Api-Key": {"k1"}})
	done := make(chan int)
	for range 8 {
		go func() {
			res := set.Eval(RequestHook, &Input{Request: raw}, budget.New(0))
			done <- len(res.Matches)
		}()
	}
	for range 8 {
		if n := <-done; n != 1 {
			t.Errorf("concurrent evaluation: %d matches, want 1", n)
		}
	}
}

// The cookie inputs of a Request FromRaw, read from the Cookie lines
// without a map, are the entries of ParseCookies' map: a name given twice
// is one input with both values (also when one of them is empty), and a
// jar too large to compare names in goes through the map.
func TestFromRawCookiesMatchMap(t *testing.T) {
	var jar []string
	for i := range maxCookiesCompared + 1 {
		jar = append(jar, fmt.Sprintf("c%d=v%d", i, i))
	}
	for _, lines := range [][]string{
		nil,
		{"session=abc123; theme=dark"},
		{"a=1", "b=2; c=3"},
		{`q="x y"; flag; =v; c=; d==e; sqli=' OR 1=1 --`},
		{"a=1; a=2"},
		{"a=; a=x"},
		{"a=1", "a=2", "b=3"},
		{";;;"},
		{strings.Join(jar, "; ")},
		{strings.Join(jar[:maxCookiesCompared], "; ")},
		{strings.Join(jar, "; ") + "; c0=again"},
	} {
		maps, raw := rawPair("", map[string][]string{"Cookie": lines})
		if want, got := sortedInputs(maps), sortedInputs(raw); !slices.Equal(want, got) {
			t.Errorf("cookies %.60q: FromRaw inputs\n%v\nwant (map)\n%v", lines, got, want)
		}
	}
}

// Inputs lists the inputs in the room SetInputBuf gave when they fit (a
// FromRaw GET with a short query, plain headers and cookies then
// allocates nothing), and moves them to an allocation of their own when
// they do not.
func TestSetInputBuf(t *testing.T) {
	header := map[string][]string{"User-Agent": {"Mozilla/5.0"}, "Accept": {"text/html"},
		"Accept-Encoding": {"gzip"}, "Cookie": {"session=abc; theme=dark"}}
	newReq := func(buf []InputValue) *Request {
		r := &Request{RawQuery: "page=2&sort=price", FromRaw: true, Header: header}
		if buf != nil {
			r.SetInputBuf(buf)
		}
		return r
	}
	if got, want := newReq(nil).InputsHint(), 2+3+2; got != want {
		t.Errorf("InputsHint = %d, want %d (2 parameters, 3 headers but the Cookie line, 2 cookies)", got, want)
	}
	buf := make([]InputValue, 0, 8)
	r := newReq(buf)
	in := r.Inputs()
	if len(in) != 6 || &in[0] != &buf[:1][0] {
		t.Errorf("%d inputs, listed in the room given: %v; want 6 there", len(in), len(in) > 0 && &in[0] == &buf[:1][0])
	}
	if n := testing.AllocsPerRun(100, func() { newReq(buf).Inputs() }); n > 1 {
		t.Errorf("Inputs with room given: %v allocations, want <= 1 (the Request)", n)
	}
	small := make([]InputValue, 0, 2)
	in = newReq(small).Inputs()
	if want := sortedInputs(newReq(nil)); !slices.Equal(sortedInputs(newReq(small)), want) || len(in) != 6 {
		t.Errorf("room too small: inputs %v, want %v", sortedInputs(newReq(small)), want)
	}
}

// BenchmarkInputsBenchApp lists the inputs of the bench app's request
// (bench/app: GET /book?id=7&ref=home from bench/load) as the agent does:
// FromRaw, in room given with SetInputBuf.
func BenchmarkInputsBenchApp(b *testing.B) {
	header := map[string][]string{"User-Agent": {"sqreen-bench-load/1"}, "Accept": {"text/html"}}
	buf := make([]InputValue, 0, 4)
	b.ReportAllocs()
	for b.Loop() {
		r := &Request{Method: "GET", Path: "/book", RawQuery: "id=7&ref=home", FromRaw: true, Header: header}
		r.SetInputBuf(buf)
		if len(r.Inputs()) != 4 {
			b.Fatal("want 4 inputs")
		}
	}
}
