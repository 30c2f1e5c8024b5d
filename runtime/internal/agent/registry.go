package agent

import (
	"os"
	"sync"
	"sync/atomic"
)

// registry is the process's one agent (the only mutable package-level
// state of the runtime), whether it ever served a protected request,
// which lets every hook return after one atomic load in a process that
// serves none.
var registry struct {
	mu       sync.Mutex // serialises starting and installing
	agent    atomic.Pointer[Agent]
	disabled atomic.Bool

	// served is set by the first protected request and never cleared.
	// It was a count of the requests in flight, written at the entry and
	// the end of every request from every core and read by every hook:
	// on two cores its cache line went back and forth several times a
	// request. Set once, it stays in every core's cache.
	served atomic.Bool
}

// Current returns the agent, starting it from the environment (see Load)
// on first use, or nil when the agent is disabled (SQREEN_DISABLE,
// Disable).
func Current() *Agent {
	if a := registry.agent.Load(); a != nil {
		return a // inlined into every hook: the rest is start
	}
	return start()
}

// start is Current once no agent is installed: it starts one from the
// environment unless the agent is disabled.
func start() *Agent {
	if registry.disabled.Load() {
		return nil
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if a := registry.agent.Load(); a != nil || registry.disabled.Load() {
		return a
	}
	cfg, errs := Load(os.LookupEnv)
	if cfg.Disabled {
		registry.disabled.Store(true)
		return nil
	}
	a := New(cfg)
	for _, err := range errs {
		a.configError(err)
	}
	registry.agent.Store(a)
	a.Connect()
	return a
}

// Install makes a the process's agent and returns the one it replaces
// (nil when none was started). Installing nil forgets the agent: the next
// Current starts one from the environment again. sqreen.Start and tests
// use it.
func Install(a *Agent) *Agent {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	registry.disabled.Store(false)
	return registry.agent.Swap(a)
}

// Installed returns the agent Start or Current installed, or nil: unlike
// Current, it never starts one.
func Installed() *Agent { return registry.agent.Load() }

// Disable turns the agent off until the next Install: Current returns nil
// and requests pass through untouched.
func Disable() {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	registry.agent.Store(nil)
	registry.disabled.Store(true)
}

// InFlight reports whether a protected request may be in flight: false
// until the process serves its first one. It is the first thing every
// hook asks, so that a process serving none (a batch job, a command
// linked with the runtime) pays one atomic load per hooked call; from the
// first request on, a hook looks for the request in its context or
// goroutine and returns when there is none, which a query run outside
// any request costs in a server.
func InFlight() bool { return registry.served.Load() }

// ForgetServed makes InFlight false again, as in a process that served
// no request yet: for the hooks' benchmarks of that path.
func ForgetServed() { registry.served.Store(false) }

// enter notes that a protected request is being served.
func enter() {
	if !registry.served.Load() { // read-mostly: no write after the first
		registry.served.Store(true)
	}
}
