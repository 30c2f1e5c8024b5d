package rulecheck

import (
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/webui/backend"
)

const good = `rules:
  - id: no-curl
    hook: request
    condition: request.user_agent contains "curl"
    action: block
`

func TestCheck(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int    // of the first problem; 0: no problem
		msg       string // part of its message
	}{
		{"valid", good, 0, 0, ""},
		{"unclosed paren", strings.Replace(good, `condition: request`, `condition: (request`, 1), 4, 0, ""},
		{"unknown field", strings.Replace(good, "user_agent", "agent_of_user", 1), 4, 0, "agent_of_user"},
		{"bad yaml", "rules:\n  - id: [x\n", 0, 0, "invalid YAML"},
		{"no rules", "", 0, 0, "empty"},
		{"bad action", strings.Replace(good, "action: block", "action: explode", 1), 5, 0, "explode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := Check(tt.src)
			if tt.line == 0 && tt.msg == "" {
				if len(probs) != 0 {
					t.Fatalf("problems %+v", probs)
				}
				return
			}
			if len(probs) == 0 {
				t.Fatal("no problem found")
			}
			p := probs[0]
			if tt.line != 0 && (p.Line != tt.line || p.Column < 1) {
				t.Errorf("at %d:%d, want line %d with a column: %s", p.Line, p.Column, tt.line, p.Message)
			}
			if !strings.Contains(p.Message, tt.msg) {
				t.Errorf("message %q lacks %q", p.Message, tt.msg)
			}
		})
	}
}

func TestTest(t *testing.T) {
	curl := backend.Request{Method: "GET", Path: "/", Headers: []backend.KV{{Key: "User-Agent", Value: "curl/8.5"}}}
	res := Test(good, curl)
	if len(res.Problems) != 0 || len(res.Matched) != 1 || res.Matched[0] != "no-curl" || res.Actions[0] != "block" {
		t.Errorf("curl: %+v", res)
	}
	firefox := backend.Request{Headers: []backend.KV{{Key: "User-Agent", Value: "Firefox"}}}
	if res := Test(good, firefox); len(res.Matched) != 0 || len(res.Problems) != 0 {
		t.Errorf("firefox: %+v", res)
	}
	if res := Test("rules: 3", curl); len(res.Problems) == 0 || len(res.Matched) != 0 {
		t.Errorf("broken file: %+v", res)
	}
	failing := good + `    tests:
      - name: firefox is fine
        input: {request: {user_agent: "curl/1"}}
        expect: no_match
`
	res = Test(failing, firefox)
	if len(res.Problems) != 1 || res.Problems[0].Line != 7 || !strings.Contains(res.Problems[0].Message, "want no_match, got match") {
		t.Errorf("failing case: %+v", res.Problems)
	}
}

// A request an agent recorded names each parameter by its source; a rule
// tested against it sees each where the agent saw it.
func TestTestRecordedRequest(t *testing.T) {
	recorded := backend.Request{Method: "POST", Path: "/users/42", Query: "q=a+forbidden-word&page=2",
		Params: []backend.KV{{Key: "query.q", Value: "a forbidden-word"}, {Key: "form.name", Value: "bob"},
			{Key: "path.id", Value: "42"}, {Key: "cookie.theme", Value: "dark"}, {Key: "header.referer", Value: "https://ref.example/"},
			{Key: "body.user.email", Value: "x@example.com"}},
		Headers: []backend.KV{{Key: "Referer", Value: "https://ref.example/"}, {Key: "User-Agent", Value: "curl/8"}}}
	handWritten := backend.Request{Params: []backend.KV{{Key: "q", Value: "forbidden-word"}, {Key: "a.b", Value: "c"}}}
	for _, tt := range []struct {
		condition string
		req       backend.Request
		match     bool
	}{
		{`any(request.query.q ?? [], # contains "forbidden-word")`, recorded, true},
		{`(request.query.page ?? []) == ["2"]`, recorded, true}, // from the raw query
		{`"query.q" in request.query`, recorded, false},
		{`request.form.name == ["bob"]`, recorded, true},
		{`request.params.id == "42"`, recorded, true},
		{`request.cookies.theme == "dark"`, recorded, true},
		{`request.headers.referer == ["https://ref.example/"]`, recorded, true}, // once, not twice
		{`request.user_agent == "curl/8"`, recorded, true},
		{`request.body == nil`, recorded, true},
		{`any(request.query.q ?? [], # contains "forbidden-word")`, handWritten, true},
		{`request.query["a.b"] == ["c"]`, handWritten, true},
	} {
		src := "rules:\n  - id: r\n    hook: request\n    condition: '" + strings.ReplaceAll(tt.condition, "'", "''") + "'\n    action: block\n"
		res := Test(src, tt.req)
		if len(res.Problems) != 0 {
			t.Errorf("%s: %+v", tt.condition, res.Problems)
			continue
		}
		if got := len(res.Matched) == 1; got != tt.match {
			t.Errorf("%s: match %v, want %v", tt.condition, got, tt.match)
		}
	}
}
