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
	ID        string
	AppID     string // empty: every app
	Kind      BlockKind
	Value     string
	Reason    string
	Source    string // "manual" or "playbook:<id>"
	CreatedBy string
	CreatedAt time.Time
	ExpiresAt time.Time // zero: never
}

// Playbook is an expr condition over time-window aggregates and the response
// it triggers, e.g. `ip.attacks("5m") >= 10` -> block IP for 1h.
type Playbook struct {
	ID        string
	Name      string
	Condition string
	Action    string        // "block_ip", "block_user", "alert"
	Duration  time.Duration // of the block
	Enabled   bool
	Builtin   bool
	Version   int
	UpdatedAt time.Time
}

// Firing is one time a playbook's condition held.
type Firing struct {
	ID         string
	PlaybookID string
	AppID      string
	Time       time.Time
	Key        string // the IP, user or endpoint it fired for
	Evidence   string
	Response   string // what was pushed to the agents
}

// Settings are the per-app knobs pushed to its agents.
type Settings struct {
	AppID             string
	Mode              RuleMode      // default for rules without their own
	TimeBudget        time.Duration // per request, WAF and RASP together
	HeartbeatInterval time.Duration
	SecurityHeaders   bool
	CSP               string // empty: no CSP header added
	ScrubKeys         string // regexp over parameter and header names
	ScrubValues       string // regexp over values
	Version           int
}
