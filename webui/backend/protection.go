package backend

import "time"

// BlockKind is what a block applies to.
type BlockKind string

// Block kinds.
const (
	BlockIP   BlockKind = "ip"
	BlockCIDR BlockKind = "cidr"
	BlockUser BlockKind = "user"
)

// Block denies an IP, a network or a user on every instance of an app.
type Block struct {
	ID        string    `json:"id"`
	AppID     string    `json:"app_id"` // empty: every app
	Kind      BlockKind `json:"kind"`
	Value     string    `json:"value"`
	Reason    string    `json:"reason"`
	Source    string    `json:"source"` // "manual" or "playbook:<id>"
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"` // zero: never
}

// Playbook is an expr condition over time-window aggregates and the response
// it triggers, e.g. `ip.attacks("5m") >= 10` -> block IP for 1h.
type Playbook struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Subject   string        `json:"subject"` // what the condition is evaluated for: ip, user, endpoint or app
	Condition string        `json:"condition"`
	Action    string        `json:"action"`      // "block_ip", "block_user", "alert"
	Duration  time.Duration `json:"duration_ns"` // of the block
	Enabled   bool          `json:"enabled"`
	Builtin   bool          `json:"builtin"`
	Version   int           `json:"version"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// Firing is one time a playbook's condition held.
type Firing struct {
	ID         string    `json:"id"`
	PlaybookID string    `json:"playbook_id"`
	AppID      string    `json:"app_id"`
	Time       time.Time `json:"time"`
	Key        string    `json:"key"` // the IP, user or endpoint it fired for
	Evidence   string    `json:"evidence"`
	Response   string    `json:"response"` // what was pushed to the agents
}

// Settings are the per-app knobs pushed to its agents.
type Settings struct {
	AppID             string        `json:"app_id"`
	Mode              RuleMode      `json:"mode"`           // default for rules without their own
	TimeBudget        time.Duration `json:"time_budget_ns"` // per request, WAF and RASP together
	HeartbeatInterval time.Duration `json:"heartbeat_interval_ns"`
	SecurityHeaders   bool          `json:"security_headers"`
	CSP               string        `json:"csp"`          // empty: no CSP header added
	ScrubKeys         string        `json:"scrub_keys"`   // regexp over parameter and header names
	ScrubValues       string        `json:"scrub_values"` // regexp over values
	Version           int           `json:"version"`
}
