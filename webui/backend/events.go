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
	ID       string    // unique, stable; used in URLs
	AppID    string    // app the reporting instance belongs to
	Instance string    // instance id of the reporter
	Time     time.Time // when the agent saw it
	Kind     string    // sqli, shell, path, ssrf, xss, waf, ...
	RuleID   string    // rule or detector that fired
	Action   Action    // blocked or monitored
	IP       string    // client IP as the agent resolved it
	User     string    // user set with sqreen.Identify, if any
	Request  Request   // the scrubbed request
	Evidence string    // the input that changed the sink's structure
	Sink     string    // the hook point, e.g. "database/sql.(*DB).QueryContext"
	SinkArg  string    // what reached the sink (query, command, path, URL)
	Location string    // app's file:line of the call that reached the sink
	Function string    // app's function at Location
	Stack    []string  // app's stack frames, innermost first
}

// Request is the scrubbed HTTP request that carried an attack.
type Request struct {
	Method  string
	Path    string
	Query   string
	Headers []KV
	Params  []KV // query and form parameters
}

// KV is one name/value pair, kept in the order the agent sent them.
type KV struct {
	Key   string
	Value string
}

// EventFilter selects events; zero fields match everything.
type EventFilter struct {
	AppID  string
	Kind   string
	Action Action
	IP     string
	Path   string    // prefix of Request.Path
	Since  time.Time // inclusive
	Until  time.Time // exclusive
}

// Page is a window over a sorted list.
type Page struct {
	Offset int
	Limit  int // 0 means the implementation's default
}

// Overview is the data of the dashboard's first page over a time window.
type Overview struct {
	Buckets      []Bucket // consecutive, equal-width, oldest first
	ByKind       []Count  // most first
	TopIPs       []Count  // most first
	TopEndpoints []Count  // most first; Key is "METHOD /path"
	Total        int
	Blocked      int
}

// Bucket counts attacks in [Start, Start+width).
type Bucket struct {
	Start     time.Time
	Blocked   int
	Monitored int
}

// Count is one row of a ranking.
type Count struct {
	Key string
	N   int
}

// OverviewQuery asks for an Overview.
type OverviewQuery struct {
	AppID   string
	Since   time.Time
	Until   time.Time
	Buckets int // number of buckets between Since and Until
	Top     int // rows per ranking
}

// SinkReport groups the attacks that reached one sink location of an app:
// the dashboard's "vulnerabilities" list.
type SinkReport struct {
	AppID    string
	Kind     string
	Location string // file:line
	Function string
	Sink     string
	Attacks  int
	Blocked  int
	LastSeen time.Time
	Examples []string // a few distinct evidences, newest first
}
