package rules

import (
	"strings"
	"testing"
)

func TestRunTests(t *testing.T) {
	src := `rules:
  - id: admin-path
    hook: request
    condition: request.path startsWith "/admin"
    tests:
      - name: admin page
        input: {request: {path: /admin/users}}
        expect: match
      - name: wrong expectation
        input: {request: {path: /admin/x, query: {q: "1"}}}
        expect: no_match
      - name: home
        input: {request: {path: /}}
        expect: match
  - id: broken
    hook: request
    condition: request.nope == "x"
    tests:
      - input: {request: {path: /}}
        expect: no_match
  - id: untested
    hook: request
    condition: "true"
`
	rs, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	results := RunTests(rs)
	want := []string{
		`t.yaml:6:9: rule admin-path: test "admin page": ok`,
		`t.yaml:9:9: rule admin-path: test "wrong expectation": want no_match, got match (source "request.path", input "/admin/x", detail "startsWith")`,
		`t.yaml:12:9: rule admin-path: test "home": want match, got no_match`,
		`t.yaml:19:9: rule broken: test "#1": t.yaml:17:24: rule broken: type rules.Request has no field nope`,
	}
	var got []string
	for _, r := range results {
		got = append(got, r.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	passed, failed, report := Summary(results)
	if passed != 1 || failed != 3 || strings.Count(report, "\n") != 2 || !strings.Contains(report, `test "home"`) {
		t.Errorf("Summary = %d, %d, %q", passed, failed, report)
	}
}

func TestRunTestsDisabledRule(t *testing.T) {
	// A disabled rule's cases still run: the author is testing the rule.
	r := Rule{ID: "off", Hook: RequestHook, Condition: `request.method == "PUT"`, Disabled: true,
		Tests: []TestCase{{Name: "put", Expect: ExpectMatch, Input: Fixture{Request: &FixtureRequest{Method: "PUT"}}}}}
	res := RunTests([]Rule{r})
	if len(res) != 1 || !res[0].Passed {
		t.Errorf("results %v, want the case run and passed", res)
	}
}

func TestFixtureInput(t *testing.T) {
	tests := []struct {
		name      string
		req       FixtureRequest
		wantUA    string
		wantUAHdr []string
	}{
		{"from header", FixtureRequest{Headers: map[string]Values{"User-Agent": {"a/1"}}}, "a/1", []string{"a/1"}},
		{"from field", FixtureRequest{UserAgent: "b/2"}, "b/2", []string{"b/2"}},
		{"both kept", FixtureRequest{UserAgent: "c/3", Headers: map[string]Values{"user-agent": {"d/4"}}}, "c/3", []string{"d/4"}},
		{"none", FixtureRequest{}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Fixture{Request: &tt.req}
			in := f.Input()
			r := in.Request
			if r.UserAgent != tt.wantUA || strings.Join(r.Headers["user-agent"], ",") != strings.Join(tt.wantUAHdr, ",") {
				t.Errorf("user agent %q, header %q; want %q, %q", r.UserAgent, r.Headers["user-agent"], tt.wantUA, tt.wantUAHdr)
			}
			if r.Method != "GET" || r.Path != "/" {
				t.Errorf("defaults: method %q path %q, want GET /", r.Method, r.Path)
			}
		})
	}
}

func TestFixtureBodyIsJSONLike(t *testing.T) {
	src := "rules:\n  - id: b\n    hook: request\n    condition: type(request.body.n) == \"float\" && request.body.m[\"1\"] == true\n" +
		"    tests:\n      - input: {request: {body: {n: 3, m: {1: true}}}}\n        expect: match\n"
	rs, err := Parse("b.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range RunTests(rs) {
		if !r.Passed {
			t.Error(r)
		}
	}
}
