package sqreen_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/hooks"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

// install makes a fresh agent with cfg the process's agent for the test.
func install(t testing.TB, cfg agent.Config) *agent.Agent {
	t.Helper()
	a := agent.New(cfg)
	old := agent.Install(a)
	t.Cleanup(func() { agent.Install(old) })
	return a
}

// testConfig is the default configuration with an unlimited time budget:
// on a loaded machine a 2 ms budget may run out, and these tests are about
// verdicts (the budget has its own test).
func testConfig() agent.Config {
	cfg := agent.Defaults()
	cfg.Budget = 0
	return cfg
}

// withRules compiles YAML rules (besides nothing else) into a.
func withRules(t testing.TB, a *agent.Agent, yaml string) {
	t.Helper()
	rs, err := rules.Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	set, errs := rules.Compile(rs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a.SetRules(set, "test")
}

// sqlHandler runs the query the app would build from ?id and answers
// "rows" (or the error), then writes "after" to show later writes.
func sqlHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	err := hooks.SQLDialect(r.Context(), "postgresql", "SELECT * FROM items WHERE id = "+r.URL.Query().Get("id"))
	if err != nil {
		fmt.Fprintln(w, "handler saw:", err, errors.Is(err, sqreen.ErrBlocked))
		return
	}
	fmt.Fprintln(w, "rows")
}
