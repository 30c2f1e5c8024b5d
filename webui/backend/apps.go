package backend

import "time"

// App is a protected application: all instances sharing one agent token.
type App struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Instance is one running process of an app, as last reported.
type Instance struct {
	ID            string    `json:"id"`
	AppID         string    `json:"app_id"`
	Host          string    `json:"host"`
	AgentVersion  string    `json:"agent_version"`
	GoVersion     string    `json:"go_version"`
	StartedAt     time.Time `json:"started_at"`
	LastHeartbeat time.Time `json:"last_heartbeat"`
	Cost          Cost      `json:"cost"`
	// CostOfApp tells that Cost covers all the app's instances together
	// (a platform that keeps app-wide metrics only).
	CostOfApp bool         `json:"cost_of_app"`
	Deps      []Dependency `json:"deps"` // from the binary's build info
}

// Healthy tells whether the instance sent a heartbeat within staleAfter of now.
func (i Instance) Healthy(now time.Time, staleAfter time.Duration) bool {
	return !i.LastHeartbeat.IsZero() && now.Sub(i.LastHeartbeat) <= staleAfter
}

// Cost is what the protection costs one instance, over its last interval,
// or over Window when it is set.
type Cost struct {
	Window         time.Duration `json:"window_ns"`
	Requests       int64         `json:"requests"`
	P50            time.Duration `json:"p50_ns"` // engine time per request
	P99            time.Duration `json:"p99_ns"`
	BudgetOverruns int64         `json:"budget_overruns"`
	Panics         int64         `json:"panics"` // recovered panics in rules or detectors
	DroppedEvents  int64         `json:"dropped_events"`
}

// Site is one instrumented place of an app's binary (its inventory).
type Site struct {
	HookPoint string `json:"hook_point"` // e.g. "os.OpenFile"
	Location  string `json:"location"`   // file:line, or the package for callee-side hooks
	Function  string `json:"function"`
}

// Dependency is one module linked into an app.
type Dependency struct {
	Path    string `json:"path"`
	Version string `json:"version"`
}

// DependencyVuln is a known vulnerability of a dependency of an app.
type DependencyVuln struct {
	ID      string `json:"id"` // OSV id
	Summary string `json:"summary"`
	Module  string `json:"module"`
	Version string `json:"version"` // the version in use
	Fixed   string `json:"fixed"`   // first fixed version, empty if none
}
