package agent

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// TestUnmatched checks the sinks' pre-check: it dismisses a query no input
// reaches, and counts it as a check; it leaves to Check a query an input
// reaches, a request already blocked (whose error Check returns) and
// nothing else; it dismisses everything for an exempt request.
func TestUnmatched(t *testing.T) {
	a := New(Defaults())
	enter := func(target string) (*reqctx.Request, func()) {
		t.Helper()
		_, r2, end, blocked := a.Enter(httptest.NewRecorder(), httptest.NewRequest("GET", target, nil))
		if blocked {
			t.Fatalf("%s: blocked at entry", target)
		}
		return reqctx.FromContext(r2.Context()), end
	}
	sql := func(q string) *rules.Input { return &rules.Input{SQL: &rules.SQLSink{Query: q}} }
	attack := "7 OR 1=1"

	req, end := enter("/book?id=7&ref=home")
	before := a.metrics.snapshot(false).Hooks[string(rules.SQL)].Count
	if !a.Unmatched(rules.SQL, req, sql("SELECT title FROM books WHERE id = 7")) {
		t.Error("a query no input reaches is not dismissed")
	}
	if n := a.metrics.snapshot(false).Hooks[string(rules.SQL)].Count; n != before+1 {
		t.Errorf("sql checks counted: %d, want %d", n, before+1)
	}
	end()

	req, end = enter("/book?id=" + url.QueryEscape(attack))
	in := sql("SELECT title FROM books WHERE id = " + attack)
	if a.Unmatched(rules.SQL, req, in) {
		t.Fatal("a query an input reaches is dismissed")
	}
	if in.Request != nil {
		t.Error("Unmatched set the input's Request")
	}
	in.SQL.Dialect = "sqlite"
	if err := a.Check(rules.SQL, req, in); err == nil {
		t.Fatal("the injection is not blocked")
	}
	if a.Unmatched(rules.SQL, req, sql("SELECT 1")) {
		t.Error("a query of a blocked request is dismissed: it must get the block error")
	}
	end()

	req, end = enter("/book?id=" + url.QueryEscape(attack))
	req.Exempt = true
	if !a.Unmatched(rules.SQL, req, sql("SELECT title FROM books WHERE id = "+attack)) {
		t.Error("a query of an exempt request is not dismissed")
	}
	end()
}
