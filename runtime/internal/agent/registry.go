package agent

import (
	"os"
	"sync"
	"sync/atomic"
)

// registry is the process's one agent (the only mutable package-level
// state of the runtime), the number of protected requests in flight,
// which lets every hook return after one atomic load when there is none,
// and caches derived from rule sets.
var registry struct {
	mu       sync.Mutex // serialises starting and installing
	agent    atomic.Pointer[Agent]
	disabled atomic.Bool

	// inflight is written twice per request, from every core: it has a
	// cache line of its own, so that the hooks' reads of agent (Current)
	// do not wait for those writes' line to come over.
	_        [64]byte
	inflight atomic.Int64
	_        [64]byte

	// templateFacts is derived from the last rule set the template hook
	// saw (see xssOnly), a cache.
	templateFacts atomic.Pointer[templateFacts]
}

// Current returns the agent, starting it from the environment (see Load)
// on first use, or nil when the agent is disabled (SQREEN_DISABLE,
// Disable).
func Current() *Agent {
	if a := registry.agent.Load(); a != nil {
		return a
	}
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

// InFlight reports whether any protected request is being served: the
// first thing every hook asks.
func InFlight() bool { return registry.inflight.Load() > 0 }

// enter and leave count requests in flight.
func enter() { registry.inflight.Add(1) }
func leave() { registry.inflight.Add(-1) }
