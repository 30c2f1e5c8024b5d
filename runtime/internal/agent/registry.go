package agent

import (
	"os"
	"sync"
	"sync/atomic"
)

// registry is the process's one agent (the only mutable package-level
// state of the runtime) and the number of protected requests in flight,
// which lets every hook return after one atomic load when there is none.
var registry struct {
	once     sync.Once
	agent    atomic.Pointer[Agent]
	disabled atomic.Bool
	inflight atomic.Int64
}

// Current returns the agent, starting it from the environment (see Load)
// on first use, or nil when SQREEN_DISABLE is set.
func Current() *Agent {
	if a := registry.agent.Load(); a != nil {
		return a
	}
	if registry.disabled.Load() {
		return nil
	}
	registry.once.Do(func() {
		cfg, errs := Load(os.LookupEnv)
		if cfg.Disabled {
			registry.disabled.Store(true)
			return
		}
		a := New(cfg)
		for _, err := range errs {
			a.configError(err)
		}
		registry.agent.CompareAndSwap(nil, a)
	})
	return registry.agent.Load()
}

// Install makes a the process's agent (nil: disabled) and returns the one
// it replaces. sqreen.Start and tests use it.
func Install(a *Agent) *Agent {
	registry.once.Do(func() {}) // an explicit agent wins over the environment
	registry.disabled.Store(a == nil)
	return registry.agent.Swap(a)
}

// InFlight reports whether any protected request is being served: the
// first thing every hook asks.
func InFlight() bool { return registry.inflight.Load() > 0 }

// enter and leave count requests in flight.
func enter() { registry.inflight.Add(1) }
func leave() { registry.inflight.Add(-1) }
