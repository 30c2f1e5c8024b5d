package storebackend

import (
	"fmt"
	"strings"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/webui/backend"
)

// builtinPrefix starts the ids of the engine's built-in rules, which every
// app runs and the dashboard shows read-only.
const builtinPrefix = "builtin:"

// builtinRules lists the engine's built-in rules, each shown as a one-rule
// file in the engine's format.
func builtinRules() []backend.Rule {
	var out []backend.Rule
	for _, r := range rules.Builtin() {
		out = append(out, builtinRule(r))
	}
	return out
}

func builtinRule(r rules.Rule) backend.Rule {
	var sb strings.Builder
	fmt.Fprintf(&sb, "rules:\n  - id: %s\n", r.ID)
	if r.Name != "" && r.Name != r.ID {
		fmt.Fprintf(&sb, "    name: %q\n", r.Name)
	}
	fmt.Fprintf(&sb, "    hook: %s\n    condition: %q\n", r.Hook, r.Condition)
	action := r.Action
	if action == "" {
		action = rules.Monitor
	}
	fmt.Fprintf(&sb, "    action: %s\n", action)
	if r.Severity != "" {
		fmt.Fprintf(&sb, "    severity: %s\n", r.Severity)
	}
	name := r.Name
	if name == "" {
		name = r.ID
	}
	return backend.Rule{ID: builtinPrefix + r.ID, Name: name, Source: sb.String(), Builtin: true,
		Enabled: !r.Disabled, Mode: backend.RuleMode(action), Version: 1, UpdatedBy: "engine"}
}

// getBuiltin returns the built-in rule with the given dashboard id.
func getBuiltin(id string) (backend.Rule, error) {
	for _, r := range rules.Builtin() {
		if builtinPrefix+r.ID == id {
			return builtinRule(r), nil
		}
	}
	return backend.Rule{}, fmt.Errorf("rule %q: %w", id, backend.ErrNotFound)
}
