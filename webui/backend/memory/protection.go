package memory

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// ValidateBlock checks a block's kind and value.
func ValidateBlock(b backend.Block) error {
	switch b.Kind {
	case backend.BlockIP:
		if _, err := netip.ParseAddr(b.Value); err != nil {
			return backend.Invalid("value", "%q is not an IP address", b.Value)
		}
	case backend.BlockCIDR:
		if _, err := netip.ParsePrefix(b.Value); err != nil {
			return backend.Invalid("value", "%q is not a CIDR network", b.Value)
		}
	case backend.BlockUser:
		if b.Value == "" {
			return backend.Invalid("value", "is empty")
		}
	default:
		return backend.Invalid("kind", "must be ip, cidr or user, not %q", b.Kind)
	}
	return nil
}

// ListBlocks implements backend.Protection.
func (m *Backend) ListBlocks(ctx context.Context, now time.Time, p backend.Page) ([]backend.Block, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []backend.Block
	for i := len(m.blocks) - 1; i >= 0; i-- {
		b := m.blocks[i]
		if b.ExpiresAt.IsZero() || b.ExpiresAt.After(now) {
			out = append(out, b)
		}
	}
	return page(out, p), len(out), nil
}

// CreateBlock implements backend.Protection.
func (m *Backend) CreateBlock(ctx context.Context, b backend.Block) (backend.Block, error) {
	if err := ValidateBlock(b); err != nil {
		return backend.Block{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	b.ID = m.nextID("blk")
	if b.CreatedAt.IsZero() {
		b.CreatedAt = m.opts.Now()
	}
	if b.Source == "" {
		b.Source = "manual"
	}
	m.blocks = append(m.blocks, b)
	exp := "forever"
	if !b.ExpiresAt.IsZero() {
		exp = "until " + b.ExpiresAt.UTC().Format(time.RFC3339)
	}
	m.record(b.CreatedBy, "block.create", string(b.Kind)+" "+b.Value, exp+"; "+b.Reason)
	return b, nil
}

// DeleteBlock implements backend.Protection.
func (m *Backend) DeleteBlock(ctx context.Context, id, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, b := range m.blocks {
		if b.ID == id {
			m.blocks = append(m.blocks[:i], m.blocks[i+1:]...)
			m.record(by, "block.delete", string(b.Kind)+" "+b.Value, "id "+id)
			return nil
		}
	}
	return fmt.Errorf("block %q: %w", id, backend.ErrNotFound)
}

// ListPlaybooks implements backend.Protection.
func (m *Backend) ListPlaybooks(ctx context.Context) ([]backend.Playbook, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]backend.Playbook, 0, len(m.pbOrder))
	for _, id := range m.pbOrder {
		vs := m.playbooks[id]
		out = append(out, vs[len(vs)-1])
	}
	return out, nil
}

// GetPlaybook implements backend.Protection.
func (m *Backend) GetPlaybook(ctx context.Context, id string) (backend.Playbook, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	vs, ok := m.playbooks[id]
	if !ok {
		return backend.Playbook{}, fmt.Errorf("playbook %q: %w", id, backend.ErrNotFound)
	}
	return vs[len(vs)-1], nil
}

// SavePlaybook implements backend.Protection.
func (m *Backend) SavePlaybook(ctx context.Context, p backend.Playbook, by string) (backend.Playbook, error) {
	if p.Name == "" {
		return backend.Playbook{}, backend.Invalid("name", "is empty")
	}
	if p.Condition == "" {
		return backend.Playbook{}, backend.Invalid("condition", "is empty")
	}
	if prob, bad := checkLine(p.Condition); bad {
		return backend.Playbook{}, backend.Invalid("condition", "column %d: %s", prob.Column, prob.Message)
	}
	switch p.Subject {
	case "ip", "user", "endpoint", "app":
	default:
		return backend.Playbook{}, backend.Invalid("subject", "must be ip, user, endpoint or app, not %q", p.Subject)
	}
	switch {
	case p.Action == "block_ip" && p.Subject != "ip", p.Action == "block_user" && p.Subject != "user":
		return backend.Playbook{}, backend.Invalid("action", "%s does not fit subject %s", p.Action, p.Subject)
	case p.Action != "block_ip" && p.Action != "block_user" && p.Action != "alert":
		return backend.Playbook{}, backend.Invalid("action", "must be block_ip, block_user or alert, not %q", p.Action)
	}
	if p.Action != "alert" && p.Duration <= 0 {
		return backend.Playbook{}, backend.Invalid("duration", "must be positive for a block")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if p.ID == "" {
		p.ID = m.nextID("pb")
		m.pbOrder = append(m.pbOrder, p.ID)
	} else {
		vs, ok := m.playbooks[p.ID]
		if !ok {
			return backend.Playbook{}, fmt.Errorf("playbook %q: %w", p.ID, backend.ErrNotFound)
		}
		if cur := vs[len(vs)-1]; cur.Version != p.Version {
			return backend.Playbook{}, backend.Invalid("version", "playbook changed since you opened it (now version %d)", cur.Version)
		}
	}
	p.Version++
	p.UpdatedAt = m.opts.Now()
	m.playbooks[p.ID] = append(m.playbooks[p.ID], p)
	m.record(by, "playbook.save", p.Name, fmt.Sprintf("version %d", p.Version))
	return p, nil
}

// AddFiring records a playbook firing.
func (m *Backend) AddFiring(f backend.Firing) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f.ID == "" {
		f.ID = m.nextID("fire")
	}
	m.firings = append(m.firings, f)
}

// Firings implements backend.Protection.
func (m *Backend) Firings(ctx context.Context, playbookID string, p backend.Page) ([]backend.Firing, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []backend.Firing
	for i := len(m.firings) - 1; i >= 0; i-- {
		if f := m.firings[i]; playbookID == "" || f.PlaybookID == playbookID {
			out = append(out, f)
		}
	}
	return page(out, p), len(out), nil
}

func defaultSettings(appID string) backend.Settings {
	return backend.Settings{
		AppID: appID, Mode: backend.ModeBlock, TimeBudget: 2 * time.Millisecond,
		HeartbeatInterval: 20 * time.Second, SecurityHeaders: true,
		ScrubKeys:   `(?i)pass|token|secret|authorization|api_?key|cookie`,
		ScrubValues: `(?i)bearer\s+\S+`,
		Version:     1,
	}
}

// GetSettings implements backend.Protection.
func (m *Backend) GetSettings(ctx context.Context, appID string) (backend.Settings, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	vs, ok := m.settings[appID]
	if !ok {
		return backend.Settings{}, fmt.Errorf("settings of app %q: %w", appID, backend.ErrNotFound)
	}
	return vs[len(vs)-1], nil
}

// ValidateSettings checks the settings' ranges and regular expressions.
func ValidateSettings(s backend.Settings) error {
	if s.Mode != backend.ModeMonitor && s.Mode != backend.ModeBlock {
		return backend.Invalid("mode", "must be monitor or block, not %q", s.Mode)
	}
	if s.TimeBudget <= 0 || s.TimeBudget > time.Second {
		return backend.Invalid("time_budget", "must be between 1ns and 1s, not %s", s.TimeBudget)
	}
	if s.HeartbeatInterval < time.Second || s.HeartbeatInterval > time.Hour {
		return backend.Invalid("heartbeat_interval", "must be between 1s and 1h, not %s", s.HeartbeatInterval)
	}
	for field, re := range map[string]string{"scrub_keys": s.ScrubKeys, "scrub_values": s.ScrubValues} {
		if _, err := regexp.Compile(re); err != nil {
			return backend.Invalid(field, "%v", err)
		}
	}
	return nil
}

// SaveSettings implements backend.Protection.
func (m *Backend) SaveSettings(ctx context.Context, s backend.Settings, by string) (backend.Settings, error) {
	if err := ValidateSettings(s); err != nil {
		return backend.Settings{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	vs, ok := m.settings[s.AppID]
	if !ok {
		return backend.Settings{}, fmt.Errorf("settings of app %q: %w", s.AppID, backend.ErrNotFound)
	}
	if cur := vs[len(vs)-1]; cur.Version != s.Version {
		return backend.Settings{}, backend.Invalid("version", "settings changed since you opened them (now version %d)", cur.Version)
	}
	s.Version++
	m.settings[s.AppID] = append(vs, s)
	m.record(by, "settings.save", s.AppID, fmt.Sprintf("version %d", s.Version))
	return s, nil
}

// CheckPlaybook implements backend.Protection with the structural stand-in
// checker (brackets and quotes).
func (m *Backend) CheckPlaybook(ctx context.Context, subject, condition string) ([]backend.RuleProblem, error) {
	switch subject {
	case "ip", "user", "endpoint", "app":
	default:
		return []backend.RuleProblem{{Message: fmt.Sprintf("subject %q: want ip, user, endpoint or app", subject)}}, nil
	}
	if condition == "" {
		return []backend.RuleProblem{{Line: 1, Column: 1, Message: "empty condition"}}, nil
	}
	if p, bad := checkLine(condition); bad {
		p.Line = 1
		return []backend.RuleProblem{p}, nil
	}
	return nil, nil
}
