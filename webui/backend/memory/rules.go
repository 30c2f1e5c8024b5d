package memory

import (
	"context"
	"fmt"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// ListRules implements backend.Rules; built-in rules (empty AppID) are listed
// for every app.
func (m *Backend) ListRules(ctx context.Context, appID string) ([]backend.Rule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []backend.Rule
	for _, id := range m.ruleOrder {
		vs := m.rules[id]
		r := vs[len(vs)-1]
		if appID == "" || r.AppID == "" || r.AppID == appID {
			out = append(out, r)
		}
	}
	return out, nil
}

// GetRule implements backend.Rules.
func (m *Backend) GetRule(ctx context.Context, id string) (backend.Rule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	vs, ok := m.rules[id]
	if !ok {
		return backend.Rule{}, fmt.Errorf("rule %q: %w", id, backend.ErrNotFound)
	}
	return vs[len(vs)-1], nil
}

// SaveRule implements backend.Rules.
func (m *Backend) SaveRule(ctx context.Context, r backend.Rule, by string) (backend.Rule, error) {
	if r.Name == "" {
		return backend.Rule{}, backend.Invalid("name", "is empty")
	}
	if r.Mode != backend.ModeMonitor && r.Mode != backend.ModeBlock {
		return backend.Rule{}, backend.Invalid("mode", "must be monitor or block, not %q", r.Mode)
	}
	if probs := m.opts.Checker(r.Source); len(probs) > 0 {
		p := probs[0]
		return backend.Rule{}, backend.Invalid("source", "line %d, column %d: %s", p.Line, p.Column, p.Message)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.ID == "" {
		if r.Version != 0 {
			return backend.Rule{}, backend.Invalid("version", "a new rule starts at version 0")
		}
		r.ID = m.nextID("rule")
		m.ruleOrder = append(m.ruleOrder, r.ID)
	} else {
		vs, ok := m.rules[r.ID]
		if !ok {
			return backend.Rule{}, fmt.Errorf("rule %q: %w", r.ID, backend.ErrNotFound)
		}
		cur := vs[len(vs)-1]
		if cur.Version != r.Version {
			return backend.Rule{}, backend.Invalid("version", "rule changed since you opened it (now version %d)", cur.Version)
		}
		if cur.Builtin && r.Source != cur.Source {
			return backend.Rule{}, backend.Invalid("source", "built-in rules cannot be edited; copy it instead")
		}
		r.Builtin = cur.Builtin
	}
	r.Version++
	r.UpdatedAt = m.opts.Now()
	r.UpdatedBy = by
	m.rules[r.ID] = append(m.rules[r.ID], r)
	m.record(by, "rule.save", r.Name, fmt.Sprintf("version %d: enabled=%t mode=%s", r.Version, r.Enabled, r.Mode))
	return r, nil
}

// RuleHistory implements backend.Rules.
func (m *Backend) RuleHistory(ctx context.Context, id string) ([]backend.Rule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	vs, ok := m.rules[id]
	if !ok {
		return nil, fmt.Errorf("rule %q: %w", id, backend.ErrNotFound)
	}
	out := make([]backend.Rule, len(vs))
	for i, r := range vs {
		out[len(vs)-1-i] = r
	}
	return out, nil
}

// CheckRule implements backend.Rules.
func (m *Backend) CheckRule(ctx context.Context, source string) ([]backend.RuleProblem, error) {
	return m.opts.Checker(source), nil
}

// TestRule implements backend.Rules.
func (m *Backend) TestRule(ctx context.Context, source string, req backend.Request) (backend.RuleTestResult, error) {
	return m.opts.Tester(source, req), nil
}
