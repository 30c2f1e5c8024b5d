package rules

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Request is the HTTP request in flight, as rules see it. The runtime fills
// the exported fields once per request and never changes them afterwards;
// the user inputs derived from them (Inputs) are computed on first use and
// shared by every rule and hook of the request.
type Request struct {
	Method    string              `expr:"method"`
	Path      string              `expr:"path"`
	Route     string              `expr:"route"` // the matched route pattern, e.g. "/users/{id}"
	RawQuery  string              `expr:"raw_query"`
	ClientIP  string              `expr:"client_ip"`
	User      string              `expr:"user"` // the identified user, "" when anonymous
	UserAgent string              `expr:"user_agent"`
	Query     map[string][]string `expr:"query"`
	Form      map[string][]string `expr:"form"`
	// Headers has lower-case keys.
	Headers map[string][]string `expr:"headers"`
	Cookies map[string]string   `expr:"cookies"`
	// Params holds the route's path parameters ("id" for "/users/{id}").
	Params map[string]string `expr:"params"`
	// Body is the decoded JSON body (map[string]any, []any, string,
	// float64, bool) or nil.
	Body any `expr:"body"`

	// FromRaw says that Query, Headers and Cookies are not given but
	// derived from RawQuery and Header (its Cookie lines): Inputs reads
	// those directly, and the three maps are built only for a rule run on
	// expr's VM, the one reader of the maps (see ensureMaps). The agent
	// sets it: most requests are only seen by native plans, and building
	// the maps was a third of what the agent allocated per request.
	FromRaw bool `expr:"-"`
	// Header holds the headers with FromRaw, keyed as net/http's
	// http.Header (canonical keys, e.g. "User-Agent").
	Header map[string][]string `expr:"-"`

	once sync.Once
	// paramClass and allClass are the unions of the byte classes of the
	// parameters' and of all inputs' values (see prefilter.go).
	paramClass, allClass byteClass
	// inputs is the list Inputs returns, and before it is listed the room
	// SetInputBuf gave for it.
	inputs []InputValue
	// classes holds the byte classes of each input's value (every class
	// for a header), in classBuf when they fit.
	classes  []byteClass
	classBuf [24]byteClass
	// vm is what only rules run on expr's VM need (see forVM): allocated
	// on first use, so that a request seen by native plans alone does not
	// carry it.
	vm atomic.Pointer[vmState]
}

// vmState is what rules run on expr's VM need of a request and native
// plans never read: the maps of a FromRaw request (see ensureMaps) and the
// input values any_input and any_param iterate (see inputValues).
type vmState struct {
	once           sync.Once
	values, params []string
}

// InputValue is one user-controlled value of a request and where it came
// from.
type InputValue struct {
	// Kind is "path", "query", "form", "body", "header" or "cookie".
	Kind string
	// Key is the parameter, header or cookie name; for the body, the
	// dotted path of the value ("user.name", "items.0").
	Key   string
	Value string
}

// Source returns "kind.key", e.g. "query.id", the name events show.
func (v InputValue) Source() string {
	if v.Key == "" {
		return v.Kind
	}
	return v.Kind + "." + v.Key
}

// headerIsInput reports whether a request header is a user input. Never
// inputs: the cookie header (split into Cookies), and headers
// written by browsers and proxies in fixed grammars that detectors would
// only waste time on.
func headerIsInput(name string) bool {
	switch name {
	case "cookie", "content-length", "connection", "accept-encoding",
		"upgrade-insecure-requests", "sec-fetch-dest", "sec-fetch-mode",
		"sec-fetch-site", "sec-fetch-user", "cache-control", "pragma", "dnt":
		return false
	}
	return true
}

// forVM returns the request's vmState, building it once: the maps of a
// FromRaw request and the value lists. Safe for concurrent use.
func (r *Request) forVM() *vmState {
	vs := r.vm.Load()
	if vs == nil {
		r.vm.CompareAndSwap(nil, new(vmState))
		vs = r.vm.Load()
	}
	vs.once.Do(func() {
		r.buildMaps()
		in := r.Inputs()
		vs.values = make([]string, len(in))
		vs.params = make([]string, 0, len(in))
		for i, v := range in {
			vs.values[i] = v.Value
			if v.IsParam() {
				vs.params = append(vs.params, v.Value)
			}
		}
	})
	return vs
}

// ensureMaps builds Query, Headers and Cookies from RawQuery and Header
// once, when FromRaw is set; rules run on expr's VM call it before they
// read the request. Safe for concurrent use.
func (r *Request) ensureMaps() {
	if r != nil {
		r.forVM()
	}
}

// buildMaps is ensureMaps' work, run once.
func (r *Request) buildMaps() {
	if !r.FromRaw {
		return
	}
	if r.RawQuery != "" {
		r.Query, _ = url.ParseQuery(r.RawQuery)
	}
	if len(r.Header) > 0 {
		r.Headers = make(map[string][]string, len(r.Header))
		for k, vs := range r.Header {
			r.Headers[LowerHeader(k)] = vs
		}
	}
	r.Cookies = ParseCookies(r.Header["Cookie"])
}

// Inputs returns every user-controlled value of the request: path
// parameters, query, form, body leaves (strings), headers and cookies, in
// that order (within a kind, in map order: not sorted, to keep this once-
// per-request step cheap). The list is computed once, on first call, and
// must not be modified. It is safe for concurrent use.
func (r *Request) Inputs() []InputValue {
	if r == nil {
		return nil
	}
	r.once.Do(r.collect)
	return r.inputs
}

// inputClasses returns the byte classes of the inputs, in Inputs order,
// once Inputs has run (see prefilter.go); nil for a nil r.
func (r *Request) inputClasses() []byteClass {
	if r == nil {
		return nil
	}
	return r.classes
}

// inputValues returns the Value of every input, and of every parameter
// (every input but the headers), in Inputs order. Only the expr evaluation
// of general conditions needs them (see any_input), so they are built on
// first use.
func (r *Request) inputValues() (all, params []string) {
	vs := r.forVM()
	return vs.values, vs.params
}

// IsParam reports whether v is a parameter: any input but a header.
func (v InputValue) IsParam() bool { return v.Kind != "header" }

func (r *Request) collect() {
	// One allocation at most, at the size the maps give (see
	// InputsHint), and none when SetInputBuf gave room. An inline array
	// would spare it too but weighs 48 B an input on every Request, and
	// most requests have few inputs: 24 inline made the agent's
	// per-request view 1.5 KB for the 3 inputs of a typical GET.
	in := r.inputs[:0]
	if cap(in) == 0 { // else SetInputBuf's caller sized the room
		in = make([]InputValue, 0, r.InputsHint())
	}
	add := func(kind, key, v string) {
		if v != "" {
			in = append(in, InputValue{Kind: kind, Key: key, Value: v})
		}
	}
	for k, v := range r.Params {
		add("path", k, v)
	}
	if r.FromRaw {
		eachQueryValue(r.RawQuery, func(k, v string) { add("query", k, v) })
	} else {
		for k, vs := range r.Query {
			for _, v := range vs {
				add("query", k, v)
			}
		}
	}
	for k, vs := range r.Form {
		for _, v := range vs {
			add("form", k, v)
		}
	}
	walkBody(r.Body, "", 0, func(key, v string) { add("body", key, v) })
	headers := len(in)
	headerMap := r.Headers
	if r.FromRaw {
		headerMap = r.Header
	}
	for k, vs := range headerMap {
		if r.FromRaw {
			k = LowerHeader(k)
		}
		if !headerIsInput(k) {
			continue
		}
		for _, v := range vs {
			add("header", k, v)
		}
	}
	cookies := len(in)
	if r.FromRaw {
		eachCookieOnce(r.Header["Cookie"], func(k, v string) { add("cookie", k, v) })
	} else {
		for k, v := range r.Cookies {
			add("cookie", k, v)
		}
	}
	r.inputs = in
	r.classify(headers, cookies)
}

// SetInputBuf gives Inputs room to list the inputs in: buf's capacity,
// as long as they fit (past it they move to an allocation of their own).
// The agent allocates the room with the rest of its view of the request,
// sized with RawInputsHint, to spare an allocation per request. It must be
// called before the first call of Inputs, and buf not used otherwise.
func (r *Request) SetInputBuf(buf []InputValue) {
	r.inputs = buf[:0]
}

// InputsHint returns about how many inputs Inputs lists, from the sizes
// of the maps and of the raw query and cookies, without listing them: one
// per map entry (a repeated parameter grows the list; headers that are no
// input make it larger than needed), four for a body.
func (r *Request) InputsHint() int {
	n := len(r.Params) + len(r.Query) + len(r.Headers) + len(r.Cookies)
	if r.FromRaw {
		return n + RawInputsHint(r.RawQuery, r.Header, r.Form, r.Body)
	}
	n += len(r.Form)
	if r.Body != nil {
		n += 4
	}
	return n
}

// RawInputsHint is InputsHint for a FromRaw request with this raw query,
// Header, Form and Body and no other field set: what the agent sizes its
// view of a request with before it builds it.
func RawInputsHint(rawQuery string, header, form map[string][]string, body any) int {
	n := len(header) + len(form)
	if q := strings.Count(rawQuery, "&") + 1; rawQuery != "" && q <= maxQueryParams {
		n += q
	}
	if lines := header["Cookie"]; len(lines) > 0 {
		n-- // the Cookie header is no input, its cookies are
		for _, l := range lines {
			n += strings.Count(l, ";") + 1
		}
	}
	if body != nil {
		n += 4
	}
	return n
}

// classify computes the byte classes of the inputs (see prefilter.go).
// Headers, in[headers:cookies], are long and rarely reach a sink: they
// are not classified but get every class, so the pre-filter never skips
// one.
func (r *Request) classify(headers, cookies int) {
	cls := r.classBuf[:0]
	if len(r.inputs) > len(r.classBuf) {
		cls = make([]byteClass, 0, len(r.inputs))
	}
	for i := range r.inputs {
		c := ^byteClass(0)
		if i < headers || i >= cookies {
			c = inputClass(r.inputs[i].Value)
			r.paramClass |= c
		}
		cls = append(cls, c)
		r.allClass |= c
	}
	r.classes = cls
}

// maxBodyDepth bounds the walk of hostile, deeply nested JSON bodies.
const maxBodyDepth = 32

// walkBody calls fn for every string leaf of a decoded JSON body, with its
// dotted path. Numbers and booleans cannot carry an injection and are left
// out; object keys are left out too (see docs/rules.md, limits).
func walkBody(v any, path string, depth int, fn func(key, v string)) {
	if depth > maxBodyDepth {
		return
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch v := v.(type) {
	case string:
		fn(path, v)
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			walkBody(v[k], join(k), depth+1, fn)
		}
	case []any:
		for i, e := range v {
			walkBody(e, join(strconv.Itoa(i)), depth+1, fn)
		}
	}
}

// maxQueryParams is url.ParseQuery's default limit (GODEBUG
// urlmaxqueryparams): past it ParseQuery keeps no parameter at all.
const maxQueryParams = 10000

// eachQueryValue calls fn for every key and value of a raw query string,
// decoded, in order: the pairs url.ParseQuery keeps (it skips those with a
// semicolon or a bad escape, and all of them past maxQueryParams), without
// building its map.
func eachQueryValue(raw string, fn func(key, value string)) {
	if strings.Count(raw, "&")+1 > maxQueryParams {
		return
	}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		escaped, semicolon := queryBytes(pair)
		if pair == "" || semicolon {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		if !escaped {
			fn(key, value) // what QueryUnescape would return
			continue
		}
		key, err := url.QueryUnescape(key)
		if err != nil {
			continue
		}
		value, err = url.QueryUnescape(value)
		if err != nil {
			continue
		}
		fn(key, value)
	}
}

// rawCandidates returns the helpers of the pre-filter (see prefilter.go)
// that some parameter of the request is a candidate for, read straight
// from the raw query and the Cookie lines without listing the inputs, and
// true; or false when the request has parameters only the list finds
// (path parameters, a form, a body) or is not FromRaw. A query pair with an
// escape counts as a candidate for every helper, as decoding it would
// allocate: the set may be larger than the list's, never smaller, so the
// pre-filter stays sound with it. Most requests are GETs with plain
// parameters, which the request rules then screen without the list
// (Set.Eval lists the inputs only when a rule needs them).
func (r *Request) rawCandidates() (helperSet, bool) {
	if r == nil || !r.FromRaw || len(r.Params) > 0 || len(r.Form) > 0 || r.Body != nil {
		return 0, false
	}
	return rawCandidates(r.RawQuery, r.Header)
}

// rawSinkCandidate is, for a FromRaw request with no parameters but its
// query and cookies, whether some input may reach sink for the
// context-aware detector of helper h (evalState.sinkCandidate on every
// input), read from the raw request (see eachRawInput), and true; or
// false when only the list can tell. pre is whether the pre-filter
// applies to h. Most queries of most requests are dismissed this way,
// and the list, code and data cold at every request, is made only for
// the queries that go on to the detector.
func (r *Request) rawSinkCandidate(h helperID, sink string, pre bool) (candidate, ok bool) {
	return r.eachRawInput(func(v string, header bool) bool {
		return sinkReaches(h, sink, v, pre && !header) // headers are not classified
	})
}

// eachRawInput calls fn on the values of r's inputs straight from the raw
// query, the headers and the Cookie lines, without listing them, until fn
// is true, and reports whether it was, and true; or false when r has
// inputs only the list finds (path parameters, a form, a body, more
// query pairs than are listed) or is not FromRaw, or when a query pair
// holds an escape, which only decoding it would tell. The values are
// those Inputs lists (empty ones too), and every cookie value where
// Inputs keeps one per name: never fewer, so a test that finds nothing
// here finds nothing in the list. fn must have no effect: it is called
// on the values of the headers that are not inputs too, whose name is
// looked at only when fn is true of the value.
func (r *Request) eachRawInput(fn func(v string, header bool) bool) (found, ok bool) {
	if r == nil || !r.FromRaw || len(r.Params) > 0 || len(r.Form) > 0 || r.Body != nil {
		return false, false
	}
	return eachRaw(r.RawQuery, r.Header, fn)
}

// sinkReaches is evalState.sinkCandidate for one input value v, with the
// pre-filter's class test when pre is set.
func sinkReaches(h helperID, sink, v string, pre bool) bool {
	if len(v) < 2 {
		return false
	}
	switch h {
	case hSQLInjection:
		return (!pre || candidate(h, inputClass(v))) && (strings.Contains(sink, v) || strings.IndexByte(v, '\'') >= 0)
	case hPathTraversal:
		return strings.Contains(sink, v) || strings.IndexByte(v, '%') >= 0
	}
	return strings.Contains(sink, v)
}

// queryBytes reports whether a pair of a raw query holds an escape ('%'
// or '+', which url.QueryUnescape decodes) and whether it holds a ';'
// (which url.ParseQuery rejects), in one pass: most pairs hold neither.
func queryBytes(pair string) (escaped, semicolon bool) {
	for i := 0; i < len(pair); i++ {
		switch pair[i] {
		case '%', '+':
			escaped = true
		case ';':
			return escaped, true
		}
	}
	return escaped, false
}

// LowerHeader returns the lower-case form of a header name, the form
// Headers and input sources use; frequent canonical names are answered
// without an allocation.
func LowerHeader(name string) string {
	switch name {
	case "Accept":
		return "accept"
	case "Accept-Encoding":
		return "accept-encoding"
	case "Accept-Language":
		return "accept-language"
	case "Authorization":
		return "authorization"
	case "Cache-Control":
		return "cache-control"
	case "Connection":
		return "connection"
	case "Content-Length":
		return "content-length"
	case "Content-Type":
		return "content-type"
	case "Cookie":
		return "cookie"
	case "Host":
		return "host"
	case "Origin":
		return "origin"
	case "Pragma":
		return "pragma"
	case "Referer":
		return "referer"
	case "Sec-Ch-Ua":
		return "sec-ch-ua"
	case "Sec-Ch-Ua-Mobile":
		return "sec-ch-ua-mobile"
	case "Sec-Ch-Ua-Platform":
		return "sec-ch-ua-platform"
	case "Sec-Fetch-Dest":
		return "sec-fetch-dest"
	case "Sec-Fetch-Mode":
		return "sec-fetch-mode"
	case "Sec-Fetch-Site":
		return "sec-fetch-site"
	case "Sec-Fetch-User":
		return "sec-fetch-user"
	case "Upgrade-Insecure-Requests":
		return "upgrade-insecure-requests"
	case "User-Agent":
		return "user-agent"
	case "X-Forwarded-For":
		return "x-forwarded-for"
	case "X-Forwarded-Proto":
		return "x-forwarded-proto"
	case "X-Real-Ip":
		return "x-real-ip"
	case "X-Requested-With":
		return "x-requested-with"
	case "Dnt":
		return "dnt"
	}
	return strings.ToLower(name)
}
