package backend

import "time"

// Action is what the agent did about an attack.
type Action string

// The actions an agent reports.
const (
	ActionBlocked   Action = "blocked"
	ActionMonitored Action = "monitored"
)

// Event is one attack reported by an agent. Every string in it may come from
// the attacker and is already scrubbed of secrets by the agent.
type Event struct {
	ID       string    `json:"id"`       // unique, stable; used in URLs
	AppID    string    `json:"app_id"`   // app the reporting instance belongs to
	Instance string    `json:"instance"` // instance id of the reporter
	Time     time.Time `json:"time"`     // when the agent saw it
	Kind     string    `json:"kind"`     // sqli, shell, path, ssrf, xss, waf, ...
	RuleID   string    `json:"rule_id"`  // rule or detector that fired
	Action   Action    `json:"action"`   // blocked or monitored
	IP       string    `json:"ip"`       // client IP as the agent resolved it
	User     string    `json:"user"`     // user set with sqreen.Identify, if any
	Request  Request   `json:"request"`  // the scrubbed request
	Evidence string    `json:"evidence"` // the input that changed the sink's structure, or that the rule matched on
	// EvidenceSource names where Evidence came from: query.q, header.x-debug,
	// request.user_agent ("" when the agent did not say).
	EvidenceSource string   `json:"evidence_source,omitempty"`
	Sink           string   `json:"sink"`     // the hook point, e.g. "database/sql.(*DB).QueryContext"
	SinkArg        string   `json:"sink_arg"` // what reached the sink (query, command, path, URL)
	Location       string   `json:"location"` // app's file:line of the call that reached the sink
	Function       string   `json:"function"` // app's function at Location
	Stack          []string `json:"stack"`    // app's stack frames, innermost first
}

// Request is the scrubbed HTTP request that carried an attack.
type Request struct {
	Method  string `json:"method"`
	Path    string `json:"path"`
	Query   string `json:"query"`
	Headers []KV   `json:"headers"`
	Params  []KV   `json:"params"` // inputs: agents name them by source (query.q, form.name, path.id, cookie.theme), fixtures may say just q
}

// KV is one name/value pair, kept in the order the agent sent them.
type KV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// EventFilter selects events; zero fields match everything.
type EventFilter struct {
	AppID  string    `json:"app_id"`
	Kind   string    `json:"kind"`
	Action Action    `json:"action"`
	IP     string    `json:"ip"`
	Path   string    `json:"path"`  // prefix of Request.Path
	Since  time.Time `json:"since"` // inclusive
	Until  time.Time `json:"until"` // exclusive
}

// Page is a window over a sorted list.
type Page struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit"` // 0 means the implementation's default
}

// Overview is the data of the dashboard's first page over a time window.
type Overview struct {
	Buckets      []Bucket `json:"buckets"`       // consecutive, equal-width, oldest first
	ByKind       []Count  `json:"by_kind"`       // most first
	TopIPs       []Count  `json:"top_ips"`       // most first
	TopEndpoints []Count  `json:"top_endpoints"` // most first; Key is "METHOD /path"
	Total        int      `json:"total"`
	Blocked      int      `json:"blocked"`
	// Truncated is set when the backend aggregated only the newest part of
	// the window (Total attacks) and not all of it.
	Truncated bool `json:"truncated"`
}

// Bucket counts attacks in [Start, Start+width).
type Bucket struct {
	Start     time.Time `json:"start"`
	Blocked   int       `json:"blocked"`
	Monitored int       `json:"monitored"`
}

// Count is one row of a ranking.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// OverviewQuery asks for an Overview.
type OverviewQuery struct {
	AppID   string    `json:"app_id"`
	Since   time.Time `json:"since"`
	Until   time.Time `json:"until"`
	Buckets int       `json:"buckets"` // number of buckets between Since and Until
	Top     int       `json:"top"`     // rows per ranking
}

// SinkReport groups the attacks that reached one sink location of an app:
// the dashboard's "vulnerabilities" list.
type SinkReport struct {
	AppID    string    `json:"app_id"`
	Kind     string    `json:"kind"`
	Location string    `json:"location"` // file:line
	Function string    `json:"function"`
	Sink     string    `json:"sink"`
	Attacks  int       `json:"attacks"`
	Blocked  int       `json:"blocked"`
	LastSeen time.Time `json:"last_seen"`
	Examples []string  `json:"examples"` // a few distinct evidences, newest first
}
