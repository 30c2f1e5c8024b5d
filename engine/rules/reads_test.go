package rules

import (
	"slices"
	"testing"
)

// A rule that runs on expr's VM and matches without a helper recording
// evidence names the first request field it reads that has a value: the
// event shows what the rule looked at, as a native plan's does.
func TestVMRuleEvidence(t *testing.T) {
	parsed := &Request{Method: "GET", Path: "/search", UserAgent: "curl/8.5",
		Query:   map[string][]string{"q": {"", "<script>x"}, "debug": {"1"}},
		Headers: map[string][]string{"x-debug": {"on"}}, Cookies: map[string]string{"role": "admin"},
		Params: map[string]string{"id": "12"}}
	raw := &Request{Method: "GET", Path: "/search", UserAgent: "curl/8.5", FromRaw: true,
		RawQuery: "q=&q=%3Cscript%3Ex&debug=1",
		Header:   map[string][]string{"User-Agent": {"curl/8.5"}, "X-Debug": {"on"}, "Cookie": {"role=admin"}}}
	for _, tc := range []struct {
		cond          string
		reads         []requestRead
		source, input string
	}{
		{`any(request.query["q"] ?? [], {# contains "<script"})`, []requestRead{{"query", "q"}}, "query.q", "<script>x"},
		{`any(request.query.q, {# contains "<script"})`, []requestRead{{"query", "q"}}, "query.q", "<script>x"},
		{`request.headers["x-debug"] != nil && len(request.query) > 1`, []requestRead{{"headers", "x-debug"}, {"query", ""}}, "header.x-debug", "on"},
		// The first read with a value, whichever part decided.
		{`len(request.user_agent) > 200 || request.query["debug"] != nil`, []requestRead{{"user_agent", ""}, {"query", "debug"}}, "request.user_agent", "curl/8.5"},
		{`request.cookies["role"] == "admin" && len(request.path) < 100`, []requestRead{{"cookies", "role"}, {"path", ""}}, "cookie.role", "admin"},
		// Maps read whole say nothing about which value decided.
		{`len(request.query) > 1`, []requestRead{{"query", ""}}, "", ""},
	} {
		set, errs := Compile([]Rule{{ID: "r", Hook: RequestHook, Condition: tc.cond, Action: Block}})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", tc.cond, errs)
		}
		if set.rules[0].native != nil {
			t.Fatalf("%s: has a native plan; the test wants one that runs on expr's VM", tc.cond)
		}
		if got := set.rules[0].reads; !slices.Equal(got, tc.reads) {
			t.Errorf("%s: reads %v, want %v", tc.cond, got, tc.reads)
		}
		for _, r := range []*Request{parsed, raw} {
			res := set.Eval(RequestHook, &Input{Request: r}, nil)
			if len(res.Matches) != 1 {
				t.Errorf("%s (raw %v): %d matches, want 1", tc.cond, r.FromRaw, len(res.Matches))
				continue
			}
			ev := res.Matches[0].Evidence
			if ev.Source != tc.source || ev.Input != tc.input {
				t.Errorf("%s (raw %v): evidence %s=%q, want %s=%q", tc.cond, r.FromRaw, ev.Source, ev.Input, tc.source, tc.input)
			}
		}
	}
}

// Evidence a helper recorded is kept: the fields read are only a
// fallback.
func TestVMRuleEvidenceKeepsHelpers(t *testing.T) {
	set, errs := Compile([]Rule{{ID: "r", Hook: RequestHook, Action: Block,
		Condition: `len(request.method) > 0 && any(request.query["q"] ?? [], {is_xss(#)})`}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if set.rules[0].native != nil {
		t.Fatal("the rule has a native plan; the test wants one that runs on expr's VM")
	}
	r := &Request{Method: "GET", Path: "/", Query: map[string][]string{"q": {"<script>x"}}}
	res := set.Eval(RequestHook, &Input{Request: r}, nil)
	if len(res.Matches) != 1 {
		t.Fatalf("%d matches, want 1", len(res.Matches))
	}
	if ev := res.Matches[0].Evidence; ev.Source != "query.q" || ev.Input != "<script>x" || ev.Detail == DetailRead {
		t.Errorf("evidence %+v, want query.q's, recorded by is_xss", ev)
	}
}
