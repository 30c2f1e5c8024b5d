package webui

import (
	"sync"
	"time"
)

// Sign-in throttling: after maxFailures wrong passwords for one user name
// within failureWindow, that name cannot sign in until the window has
// passed since its last failure. It slows password guessing against one
// account on one replica; a shared limit across replicas belongs in the
// store.
const (
	maxFailures    = 5
	failureWindow  = 15 * time.Minute
	maxTrackedUser = 10000 // bound on the memory an attacker can make us use
)

// throttle counts recent sign-in failures per user name.
type throttle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

func newThrottle() *throttle { return &throttle{fails: map[string][]time.Time{}} }

// recent returns name's failures within the window of now. t.mu must be held.
func (t *throttle) recent(name string, now time.Time) []time.Time {
	fs := t.fails[name]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) > failureWindow {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.fails, name)
	} else {
		t.fails[name] = fs
	}
	return fs
}

// blocked reports whether name may not try now.
func (t *throttle) blocked(name string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(name, now)) >= maxFailures
}

// fail records a failure for name.
func (t *throttle) fail(name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) >= maxTrackedUser {
		for k := range t.fails { // drop some entries; which ones does not matter much
			delete(t.fails, k)
			if len(t.fails) < maxTrackedUser*9/10 {
				break
			}
		}
	}
	t.fails[name] = append(t.recent(name, now), now)
}

// succeed forgets name's failures.
func (t *throttle) succeed(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, name)
}
