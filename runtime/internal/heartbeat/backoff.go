package heartbeat

import (
	"math/rand/v2"
	"time"
)

// backoff is an exponential delay with full jitter between min and max.
type backoff struct {
	min, max time.Duration
	failures int
}

// next returns the delay before the next attempt and counts a failure.
func (b *backoff) next() time.Duration {
	ceiling := b.min << min(b.failures, 30)
	if ceiling <= 0 || ceiling > b.max {
		ceiling = b.max
	}
	b.failures++
	// Full jitter over [min, ceiling]: agents restarted together spread out.
	return b.min + rand.N(ceiling-b.min+1)
}

func (b *backoff) reset() { b.failures = 0 }
