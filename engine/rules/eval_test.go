package rules

import (
	"slices"
	"strings"
	"testing"
)

// fakeDetectors flag an input that holds a quote (SQL), a ';' (shell),
// "..", "169.254." or "<" in the sink, and inputs starting with "evil" for
// the signatures: simple, so that these tests judge the rule machinery, not
// the detectors.
func fakeDetectors() Detectors {
	has := func(sub, why string) func(sink, input string) (string, bool) {
		return func(sink, input string) (string, bool) { return why, strings.Contains(input, sub) }
	}
	evil := func(s string) (string, bool) { return "evil prefix", strings.HasPrefix(s, "evil") }
	return Detectors{
		SQLInjection: func(q, input, dialect string) (string, bool) {
			return "quote in " + dialect, strings.Contains(input, "'")
		},
		ShellInjection: has(";", "separator"),
		PathTraversal:  has("..", "dot-dot"),
		SSRF:           has("169.254.", "metadata"),
		TemplateXSS:    has("<", "tag"),
		IsSQLi:         evil,
		IsXSS:          evil,
		IsScanner:      func(ua string) (string, bool) { return "sqlmap", strings.HasPrefix(ua, "sqlmap") },
	}
}

func testRequest() *Request {
	return &Request{
		Method: "POST", Path: "/orders/42", Route: "/orders/{id}", ClientIP: "10.1.2.3",
		UserAgent: "sqlmap/1.7",
		Params:    map[string]string{"id": "42"},
		Query:     map[string][]string{"q": {"x' OR 1=1"}, "page": {"2"}},
		Headers:   map[string][]string{"user-agent": {"sqlmap/1.7"}, "x-note": {"%3Cb%3E"}, "connection": {"evil"}},
		Cookies:   map[string]string{"theme": "&lt;dark&gt;"},
		Body:      map[string]any{"items": []any{"evil one", 3.0}, "note": "ｓｅｌｅｃｔ"},
	}
}

func TestEvalConditions(t *testing.T) {
	in := &Input{
		Request:    testRequest(),
		SQL:        &SQLSink{Query: "SELECT * FROM t WHERE q = 'x' OR 1=1'", Dialect: "mysql"},
		Shell:      &ShellSink{Command: "ls 2"},
		File:       &FileSink{Op: "open", Path: "/srv/42"},
		HTTPClient: &URLSink{URL: "http://example.com/2"},
		Template:   &TemplateSink{Name: "t", Output: "<p>42</p>"},
		Response:   &ResponseInfo{Status: 500, Headers: map[string][]string{"content-type": {"text/html"}}},
	}
	tests := []struct {
		hook   HookPoint
		cond   string
		want   bool
		source string // Evidence.Source when it matches
	}{
		{SQL, "sql_injection(sql.query, sql.dialect)", true, "query.q"},
		{Shell, "shell_injection(shell.command)", false, ""},
		{File, "path_traversal(file.path)", false, ""},
		{HTTPClient, "ssrf(http_client.url)", false, ""},
		{Template, "template_xss(template.output)", false, ""},
		{RequestHook, "is_scanner(request.user_agent)", true, "header.user-agent"},
		{RequestHook, "any_input(is_sqli(#))", true, "body.items.0"},
		{RequestHook, "any_input(is_xss(#))", true, "body.items.0"},
		{RequestHook, `any_param(# == "sqlmap/1.7")`, false, ""},
		{RequestHook, `any_input(# == "sqlmap/1.7")`, true, "header.user-agent"},
		{RequestHook, `any_param(html_decode(#) == "<dark>")`, true, "cookie.theme"},
		{RequestHook, `any_input(url_decode(#) == "<b>")`, true, "header.x-note"},
		{RequestHook, `any_input(html_decode(#) == "<dark>")`, true, "cookie.theme"},
		{RequestHook, `any_input(unicode_normalize(#) == "select")`, true, "body.note"},
		{RequestHook, `any_input(# == "evil")`, false, ""}, // connection is not an input
		{RequestHook, `cidr_match(request.client_ip, "10.0.0.0/8")`, true, ""},
		{RequestHook, `cidr_match(request.client_ip, "192.168.0.0/16")`, false, ""},
		{RequestHook, `request.method in ["PUT", "POST"] && request.route startsWith "/orders"`, true, ""},
		{RequestHook, `request.path endsWith "/42" and not (request.method == "GET")`, true, ""},
		{RequestHook, `lower(request.user_agent) matches "^sqlmap/"`, true, ""},
		{RequestHook, `request.user_agent contains "nikto" || false`, false, ""},
		// Conditions only expr's VM runs.
		{RequestHook, `len(request.query.q) == 1 && request.query.q[0] contains "OR"`, true, ""},
		{RequestHook, `request.body.items[1] == 3`, true, ""},
		{RequestHook, `any_input(len(#) > 8)`, true, "query.q"},
		{RequestHook, `len(request.headers) >= 4`, false, ""},
		{Response, `response.status >= 500 && "text/html" in response.headers["content-type"]`, true, ""},
		{Response, `response.status == 500 && response.status != 404 && response.status > 499`, true, ""},
		{Response, `response.status < 500 || response.status <= 499`, false, ""},
		{Shell, `shell.command startsWith "ls" && request.params.id == "42"`, true, ""},
	}
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"native", nil}, {"expr", []Option{withoutNative()}}} {
		for _, tt := range tests {
			t.Run(mode.name+"/"+tt.cond, func(t *testing.T) {
				opts := append([]Option{WithDetectors(fakeDetectors())}, mode.opts...)
				set, errs := Compile([]Rule{{ID: "r", Hook: tt.hook, Condition: tt.cond}}, opts...)
				if len(errs) > 0 {
					t.Fatal(errs[0])
				}
				res := set.Eval(tt.hook, in, nil)
				if res.Panics != 0 {
					t.Fatalf("%d panics", res.Panics)
				}
				if got := len(res.Matches) == 1; got != tt.want {
					t.Fatalf("matched %v, want %v", got, tt.want)
				}
				if tt.want && tt.source != "" && res.Matches[0].Evidence.Source != tt.source {
					t.Errorf("evidence %+v, want source %s", res.Matches[0].Evidence, tt.source)
				}
			})
		}
	}
}

func TestEvalMatch(t *testing.T) {
	rules := []Rule{
		{ID: "sqli", Name: "SQL", Hook: SQL, Condition: "sql_injection(sql.query, sql.dialect)", Action: Block, Severity: "critical"},
		{ID: "big-query", Hook: SQL, Condition: `sql.query contains "FROM"`},
		{ID: "other-hook", Hook: Shell, Condition: "true"},
	}
	set, errs := Compile(rules, WithDetectors(fakeDetectors()))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	in := &Input{Request: testRequest(), SQL: &SQLSink{Query: "SELECT * FROM t WHERE q = 'x' OR 1=1'", Dialect: "mysql"}}
	res := set.Eval(SQL, in, nil)
	if len(res.Matches) != 2 || !res.Blocked() {
		t.Fatalf("matches %+v, want 2 with a block", res.Matches)
	}
	m := res.Matches[0]
	want := Match{RuleID: "sqli", RuleName: "SQL", Hook: SQL, Action: Block, Severity: "critical",
		Evidence: Evidence{Source: "query.q", Input: "x' OR 1=1", Detail: "quote in mysql"}}
	m.Elapsed = 0
	if m != want {
		t.Errorf("match\n got %+v\nwant %+v", m, want)
	}
	if res.Matches[1].RuleID != "big-query" || res.Matches[1].Action != Monitor || res.Blocked() != true {
		t.Errorf("second match %+v", res.Matches[1])
	}
	st := set.Stats()
	if st[0].Evals != 1 || st[0].Matches != 1 || st[2].Evals != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestEvalNothingToDo(t *testing.T) {
	set, _ := Compile([]Rule{{ID: "r", Hook: SQL, Condition: "true"}})
	cases := map[string]func() Result{
		"nil input":     func() Result { return set.Eval(SQL, nil, nil) },
		"no sink":       func() Result { return set.Eval(SQL, &Input{Request: testRequest()}, nil) },
		"unknown hook":  func() Result { return set.Eval("rpc", &Input{SQL: &SQLSink{}}, nil) },
		"no rule":       func() Result { return set.Eval(Shell, &Input{Shell: &ShellSink{}}, nil) },
		"nil set":       func() Result { return (*Set)(nil).Eval(SQL, &Input{SQL: &SQLSink{}}, nil) },
		"empty request": func() Result { return set.Eval(RequestHook, &Input{Request: &Request{}}, nil) },
	}
	for name, f := range cases {
		if res := f(); len(res.Matches) != 0 || res.Skipped != 0 || res.Panics != 0 {
			t.Errorf("%s: %+v, want zero result", name, res)
		}
	}
	// Without a request, a sink rule still runs (queries at start-up).
	res := set.Eval(SQL, &Input{SQL: &SQLSink{Query: "SELECT 1"}}, nil)
	if len(res.Matches) != 1 {
		t.Errorf("sink without request: %+v, want the rule to run", res)
	}
}

func TestRequestInputs(t *testing.T) {
	got := testRequest().Inputs()
	var sources []string
	for _, v := range got {
		sources = append(sources, v.Source()+"="+v.Value)
	}
	want := []string{
		"path.id=42",
		"query.page=2", "query.q=x' OR 1=1",
		"body.items.0=evil one", "body.note=ｓｅｌｅｃｔ",
		"header.user-agent=sqlmap/1.7", "header.x-note=%3Cb%3E",
		"cookie.theme=&lt;dark&gt;",
	}
	slices.Sort(sources)
	slices.Sort(want)
	if !slices.Equal(sources, want) {
		t.Errorf("inputs:\n%s\nwant:\n%s", strings.Join(sources, "\n"), strings.Join(want, "\n"))
	}
	var nilReq *Request
	if nilReq.Inputs() != nil {
		t.Error("nil request has inputs")
	}
}

func TestRequestInputsDeepBody(t *testing.T) {
	var body any = "deep"
	for range 100 {
		body = []any{body}
	}
	r := &Request{Body: body}
	if n := len(r.Inputs()); n != 0 {
		t.Errorf("%d inputs from a body nested 100 deep, want 0 (walk bounded at %d)", n, maxBodyDepth)
	}
}

func TestRequestInputsConcurrent(t *testing.T) {
	r := testRequest()
	done := make(chan int)
	for range 4 {
		go func() {
			all, params := r.inputValues()
			done <- len(r.Inputs()) + len(all) + len(params)
		}()
	}
	for range 4 {
		if n := <-done; n != 22 {
			t.Errorf("got %d inputs+values+params, want 22", n)
		}
	}
}

// TestEvalNoMatchAllocatesNothing checks the engine's side of the
// zero-allocation promise: with detectors that do not allocate, evaluating
// the built-in rules on a typical request allocates nothing.
func TestEvalNoMatchAllocatesNothing(t *testing.T) {
	quiet := func(string) (string, bool) { return "", false }
	quiet2 := func(string, string) (string, bool) { return "", false }
	d := Detectors{
		SQLInjection:   func(string, string, string) (string, bool) { return "", false },
		ShellInjection: quiet2, PathTraversal: quiet2, SSRF: quiet2, TemplateXSS: quiet2,
		IsSQLi: quiet, IsXSS: quiet, IsScanner: quiet,
	}
	set, errs := Compile(Builtin(), WithDetectors(d))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	req := typicalGET()
	inputs := map[HookPoint]*Input{
		RequestHook: {Request: req},
		SQL:         {Request: req, SQL: &SQLSink{Query: "SELECT * FROM p WHERE name = 'shoes' AND c = 'blue'", Dialect: "postgresql"}},
		Shell:       {Request: req, Shell: &ShellSink{Command: "convert shoes.png out.jpg"}},
		File:        {Request: req, File: &FileSink{Op: "open", Path: "/srv/img/shoes.png"}},
		HTTPClient:  {Request: req, HTTPClient: &URLSink{URL: "https://cdn.example.com/blue/shoes"}},
		Template:    {Request: req, Template: &TemplateSink{Name: "p", Output: "<p>shoes</p>"}},
	}
	b := newTestBudget()
	for hook, in := range inputs {
		set.Eval(hook, in, b) // lists the request's inputs once
		allocs := testing.AllocsPerRun(50, func() {
			if res := set.Eval(hook, in, b); len(res.Matches) != 0 {
				t.Fatalf("%s matched: %+v", hook, res.Matches)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per evaluation, want 0", hook, allocs)
		}
	}
}

// The sink helpers hand the detector the inputs that reach the sink in a
// form the detector knows besides their own bytes: an input with a quote
// escaped by the application (quotes doubled or backslashed), an input
// with "%" decoded by it.
func TestSinkInputsInAnotherForm(t *testing.T) {
	set, errs := Compile(Builtin())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	req := func(v string) *Request {
		return &Request{Method: "GET", Path: "/search", Query: map[string][]string{"q": {v}}}
	}
	tests := []struct {
		name  string
		hook  HookPoint
		in    *Input
		block bool
	}{
		{"quotes doubled, backslash breaks out (mysql)", SQL, &Input{Request: req(`\' OR 1=1 -- `),
			SQL: &SQLSink{Query: `SELECT * FROM books WHERE title = '\'' OR 1=1 -- '`, Dialect: "mysql"}}, true},
		{"quotes doubled, benign", SQL, &Input{Request: req(`O'Reilly`),
			SQL: &SQLSink{Query: `SELECT * FROM books WHERE author = 'O''Reilly'`, Dialect: "mysql"}}, false},
		{"percent-decoded by the app", File, &Input{Request: req(`..%2F..%2Fetc%2Fpasswd`),
			File: &FileSink{Op: "open", Path: "/srv/files/../../etc/passwd"}}, true},
		{"percent in a benign name", File, &Input{Request: req(`100%25 cotton`),
			File: &FileSink{Op: "open", Path: "/srv/files/100% cotton"}}, false},
	}
	for _, tt := range tests {
		res := set.Eval(tt.hook, tt.in, nil)
		if res.Blocked() != tt.block {
			t.Errorf("%s: blocked %v, want %v (%+v)", tt.name, res.Blocked(), tt.block, res.Matches)
		}
	}
}
