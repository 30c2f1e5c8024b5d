package agent

import (
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

const extraRule = `rules:
  - id: no-admin
    hook: request
    condition: request.path == "/admin"
    action: block
`

func TestReplaceRules(t *testing.T) {
	a := New(Defaults())
	_, v0 := a.Rules()
	if !strings.HasPrefix(v0, "builtin-") {
		t.Errorf("initial version %q", v0)
	}
	if err := a.ReplaceRules("v2", map[string][]byte{"extra.yaml": []byte(extraRule)}); err != nil {
		t.Fatal(err)
	}
	set, v := a.Rules()
	ids := map[string]bool{}
	for _, r := range set.Rules() {
		ids[r.ID] = true
	}
	if v != "v2" || !ids["no-admin"] || !ids["rasp-sqli"] {
		t.Errorf("after ReplaceRules: version %q, rules %v; want v2 with the new and the built-in rules", v, ids)
	}
	bad := "rules:\n  - id: broken\n    hook: sql\n    condition: sql.query ==\n"
	err := a.ReplaceRules("v3", map[string][]byte{"bad.yaml": []byte(bad)})
	if err == nil || !strings.Contains(err.Error(), "rules version v3") || !strings.Contains(err.Error(), "bad.yaml:4") {
		t.Errorf("ReplaceRules(bad) error = %v, want it to name the version and bad.yaml:4", err)
	}
	if _, v := a.Rules(); v != "v2" {
		t.Errorf("a failed replacement changed the rules in force to %q", v)
	}
}

func TestCommandValidation(t *testing.T) {
	a := New(Defaults())
	if err := a.SetHeaders(&respond.Headers{CSP: "a\nb"}); err == nil {
		t.Error("SetHeaders accepted a value with a newline")
	}
	if err := a.SetBlockPage(respond.Page{Status: 1000}); err == nil {
		t.Error("SetBlockPage accepted status 1000")
	}
	if err := a.SetPathAllowlist([]string{"health"}); err == nil {
		t.Error("SetPathAllowlist accepted a relative path")
	}
	if err := a.SetMode("x", "loud"); err == nil || err.Error() != `mode "loud" for rule "x": want block or monitor` {
		t.Errorf("SetMode error = %v", err)
	}
	a.SetBudget(5 * time.Millisecond)
	if a.Budget() != 5*time.Millisecond {
		t.Errorf("Budget = %v", a.Budget())
	}
	a.SetBudget(-1)
	if a.Budget() != 0 {
		t.Errorf("negative budget gave %v, want 0 (unlimited)", a.Budget())
	}
}

func TestModes(t *testing.T) {
	a := New(Defaults())
	tests := []struct {
		setRule, setMode string
		rule             string
		ruleAction       rules.Action
		want             rules.Action
	}{
		{"", "", "r1", rules.Block, rules.Block},
		{"r1", "monitor", "r1", rules.Block, rules.Monitor},
		{"r2", "block", "r2", rules.Monitor, rules.Block},
		{"r1", "", "r1", rules.Block, rules.Block}, // override removed
		{"", "monitor", "r2", rules.Block, rules.Monitor},
	}
	for _, tt := range tests {
		if tt.setRule != "" || tt.setMode != "" {
			if err := a.SetMode(tt.setRule, tt.setMode); err != nil {
				t.Fatal(err)
			}
		}
		if got := a.action(tt.rule, tt.ruleAction); got != tt.want {
			t.Errorf("after SetMode(%q, %q): action(%s, %s) = %s, want %s", tt.setRule, tt.setMode, tt.rule, tt.ruleAction, got, tt.want)
		}
	}
}

func TestRuleModesFromConfig(t *testing.T) {
	cfg := Defaults()
	cfg.RuleModes = map[string]string{"rasp-sqli": "monitor"}
	a := New(cfg)
	if got := a.action("rasp-sqli", rules.Block); got != rules.Monitor {
		t.Errorf("action(rasp-sqli) = %s, want monitor from the config", got)
	}
}
