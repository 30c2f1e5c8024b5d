package backend

import "time"

// App is a protected application: all instances sharing one agent token.
type App struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// Instance is one running process of an app, as last reported.
type Instance struct {
	ID            string
	AppID         string
	Host          string
	AgentVersion  string
	GoVersion     string
	StartedAt     time.Time
	LastHeartbeat time.Time
	Cost          Cost
	Deps          []Dependency // from the binary's build info
}

// Healthy tells whether the instance sent a heartbeat within staleAfter of now.
func (i Instance) Healthy(now time.Time, staleAfter time.Duration) bool {
	return !i.LastHeartbeat.IsZero() && now.Sub(i.LastHeartbeat) <= staleAfter
}

// Cost is what the protection costs one instance, over its last interval.
type Cost struct {
	Requests       int64
	P50            time.Duration // engine time per request
	P99            time.Duration
	BudgetOverruns int64
	Panics         int64 // recovered panics in rules or detectors
	DroppedEvents  int64
}

// Site is one instrumented place of an app's binary (its inventory).
type Site struct {
	HookPoint string // e.g. "os.OpenFile"
	Location  string // file:line, or the package for callee-side hooks
	Function  string
}

// Dependency is one module linked into an app.
type Dependency struct {
	Path    string
	Version string
}

// DependencyVuln is a known vulnerability of a dependency of an app.
type DependencyVuln struct {
	ID      string // OSV id
	Summary string
	Module  string
	Version string // the version in use
	Fixed   string // first fixed version, empty if none
}
