package backend

import "time"

// RuleMode says what an app does when a rule matches.
type RuleMode string

// Rule modes.
const (
	ModeMonitor RuleMode = "monitor"
	ModeBlock   RuleMode = "block"
)

// Rule is one rule file of an app (expr rules in the engine's YAML format).
type Rule struct {
	ID        string    `json:"id"`
	AppID     string    `json:"app_id"`
	Name      string    `json:"name"`
	Source    string    `json:"source"`  // the YAML text
	Builtin   bool      `json:"builtin"` // shipped with the agent; Source is read-only
	Enabled   bool      `json:"enabled"`
	Mode      RuleMode  `json:"mode"`
	Version   int       `json:"version"` // increases by one per save
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// RuleProblem is one error found when compiling a rule, positioned in Source.
type RuleProblem struct {
	Line    int    `json:"line"`   // 1-based; 0 when unknown
	Column  int    `json:"column"` // 1-based; 0 when unknown
	Message string `json:"message"`
}

// RuleTestResult is the outcome of running a rule against a request.
type RuleTestResult struct {
	Problems []RuleProblem `json:"problems"` // compile errors; when any, nothing ran
	Matched  []string      `json:"matched"`  // ids of the rules that matched
	Actions  []string      `json:"actions"`  // what they would do, e.g. "block"
}
