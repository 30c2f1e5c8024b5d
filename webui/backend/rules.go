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
	ID        string
	AppID     string
	Name      string
	Source    string // the YAML text
	Builtin   bool   // shipped with the agent; Source is read-only
	Enabled   bool
	Mode      RuleMode
	Version   int // increases by one per save
	UpdatedAt time.Time
	UpdatedBy string
}

// RuleProblem is one error found when compiling a rule, positioned in Source.
type RuleProblem struct {
	Line    int // 1-based; 0 when unknown
	Column  int // 1-based; 0 when unknown
	Message string
}

// RuleTestResult is the outcome of running a rule against a request.
type RuleTestResult struct {
	Problems []RuleProblem // compile errors; when any, nothing ran
	Matched  []string      // ids of the rules that matched
	Actions  []string      // what they would do, e.g. "block"
}
