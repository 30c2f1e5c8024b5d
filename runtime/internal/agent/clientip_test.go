package agent

import (
	"net/http/httptest"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
)

// TestRulesSeeClientIPOnlyWhenTheyReadIt: the client IP (behind the
// default trusted loopback proxy, from X-Forwarded-For) is in the rules'
// view when a rule reads it, and a view built before without it (the
// built-in rules read no IP) is built again when such a rule comes in.
func TestRulesSeeClientIPOnlyWhenTheyReadIt(t *testing.T) {
	a := New(Defaults())
	ipRule, errs := rules.Compile([]rules.Rule{{ID: "ip", Hook: rules.SQL, Action: rules.Block,
		Condition: `request.client_ip == "192.0.2.7" && sql.query contains "secret"`}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	r := httptest.NewRequest("GET", "/book?id=7", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	r.Header.Set("X-Forwarded-For", "192.0.2.7")
	req, end := enterRequest(t, a, r)
	defer end()
	if v := viewOf(req); v.ClientIP != "" || v.withIP {
		t.Errorf("the built-in rules' view has the client IP %q", v.ClientIP)
	}
	a.SetRules(ipRule, "ip")
	in := &rules.Input{SQL: &rules.SQLSink{Query: "SELECT secret FROM t"}}
	if err := a.Check(rules.SQL, req, in); err == nil {
		t.Fatal("the rule reading the client IP did not match")
	}
	if in.Request.ClientIP != "192.0.2.7" {
		t.Errorf("rules saw client_ip %q, want 192.0.2.7", in.Request.ClientIP)
	}
}
