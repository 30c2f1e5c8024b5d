package agent

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// A custom rule on expr's VM whose match names a request field it read
// (rules.DetailRead) reports that field's value as its evidence, scrubbed
// as the request summary scrubs it: a field under a sensitive name
// (Authorization, any cookie) is redacted whole, others are kept.
func TestReadEvidenceIsScrubbedByName(t *testing.T) {
	for _, tc := range []struct {
		name, cond, source, input string
	}{
		{"kept", `len(request.headers["x-debug"] ?? []) > 0 && len(request.query) >= 0`, "header.x-debug", "on"},
		{"sensitive header", `len(request.headers["authorization"] ?? []) > 0 && len(request.query) >= 0`, "header.authorization", redacted},
		{"cookie", `len(request.cookies["theme"] ?? "") > 0 && len(request.query) >= 0`, "cookie.theme", redacted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := New(Defaults())
			set, errs := rules.Compile([]rules.Rule{{ID: "custom", Hook: rules.RequestHook, Condition: tc.cond, Action: rules.Monitor}})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			a.SetRules(set, "custom")
			r := httptest.NewRequest("GET", "/admin?x=1", nil)
			r.Header.Set("X-Debug", "on")
			r.Header.Set("Authorization", "opensesame") // no secret by its form: redacted by its name
			r.Header.Set("Cookie", "theme=dark")
			_, end := enterRequest(t, a, r) // the rule only monitors
			end()
			var found bool
			for _, e := range a.DrainEvents(10) {
				if e.RuleID != "custom" {
					continue
				}
				found = true
				if e.Evidence.Source != tc.source || e.Evidence.Input != tc.input || e.Evidence.Detail != rules.DetailRead {
					t.Errorf("evidence %+v, want %s=%q (%s)", e.Evidence, tc.source, tc.input, rules.DetailRead)
				}
			}
			if !found {
				t.Fatal("no event for the custom rule")
			}
		})
	}
}

// A value redacted by its name is not kept in the sink's text either: the
// scrubber keeps an attack's payload in the query, not a secret a
// condition read.
func TestReadEvidenceRedactedInSink(t *testing.T) {
	a := New(Defaults())
	set, errs := rules.Compile([]rules.Rule{{ID: "custom", Hook: rules.SQL, Action: rules.Monitor,
		Condition: `len(request.headers["authorization"] ?? []) > 0 && len(sql.query) > 0`}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a.SetRules(set, "custom")
	r := httptest.NewRequest("GET", "/admin", nil)
	r.Header.Set("Authorization", "opensesame")
	req, end := enterRequest(t, a, r)
	defer end()
	query := "SELECT id FROM sessions WHERE token = 'opensesame'"
	if err := a.Check(rules.SQL, req, &rules.Input{SQL: &rules.SQLSink{Query: query, Dialect: "sqlite"}}); err != nil {
		t.Fatalf("monitored rule blocked: %v", err)
	}
	var found bool
	for _, e := range a.DrainEvents(10) {
		if e.RuleID != "custom" {
			continue
		}
		found = true
		if e.Evidence.Input != redacted || strings.Contains(e.Sink, "opensesame") || e.Sink == "" {
			t.Errorf("evidence %q, sink %q: want the header redacted, in the sink too", e.Evidence.Input, e.Sink)
		}
	}
	if !found {
		t.Fatal("no event for the custom rule")
	}
}

// enterRequest starts protecting r with a, as the entry hook does, and
// returns its security context and the end function; it fails t when r
// is blocked at entry.
func enterRequest(t *testing.T, a *Agent, r *http.Request) (*reqctx.Request, func()) {
	t.Helper()
	_, r2, end, blocked := a.Enter(httptest.NewRecorder(), r)
	if blocked || end == nil {
		if end != nil {
			end()
		}
		t.Fatalf("%s %s blocked at entry (%v), or not entered", r.Method, r.URL, blocked)
	}
	return reqctx.FromContext(r2.Context()), end
}
