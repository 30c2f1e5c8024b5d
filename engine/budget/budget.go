package budget

import (
	"sync/atomic"
	"time"
)

// Default is the per-request budget used when none is configured: the value
// Datadog's in-app WAF ships with, enough for the default rules on a typical
// request by two orders of magnitude.
const Default = 2 * time.Millisecond

// Budget is the time left for the checks of one request. Create one per
// request with New, or embed one in a per-request struct and Init it, and
// share it by pointer.
type Budget struct {
	limit   int64 // nanoseconds; <= 0 means unlimited
	spent   atomic.Int64
	skipped atomic.Int64
}

// New returns a budget of d for one request. d <= 0 means unlimited.
func New(d time.Duration) *Budget {
	return &Budget{limit: int64(d)}
}

// Init makes b, which must not be in use, a fresh budget of d (see New)
// without allocating: for a Budget embedded in the caller's per-request
// state.
func (b *Budget) Init(d time.Duration) {
	b.limit = int64(d)
	// Stored only when not zero: an atomic store is a locked exchange on
	// amd64, and Init's budget is a new request's, zero (b is not in use,
	// so nothing else writes it between the load and the store).
	if b.spent.Load() != 0 {
		b.spent.Store(0)
	}
	if b.skipped.Load() != 0 {
		b.skipped.Store(0)
	}
}

// Limit returns the budget's total (0 when unlimited).
func (b *Budget) Limit() time.Duration {
	if b == nil || b.limit <= 0 {
		return 0
	}
	return time.Duration(b.limit)
}

// Spend charges d to the budget.
func (b *Budget) Spend(d time.Duration) {
	if b == nil || d <= 0 {
		return
	}
	b.spent.Add(int64(d))
}

// Spent returns the time charged so far.
func (b *Budget) Spent() time.Duration {
	if b == nil {
		return 0
	}
	return time.Duration(b.spent.Load())
}

// Remaining returns the time left, 0 when exhausted, and a negative value
// when the budget is unlimited.
func (b *Budget) Remaining() time.Duration {
	if b == nil || b.limit <= 0 {
		return -1
	}
	left := b.limit - b.spent.Load()
	if left < 0 {
		return 0
	}
	return time.Duration(left)
}

// Exhausted reports whether the spent time, plus pending (time the caller
// has used but not charged yet), reaches the limit.
func (b *Budget) Exhausted(pending time.Duration) bool {
	if b == nil || b.limit <= 0 {
		return false
	}
	return b.spent.Load()+int64(pending) >= b.limit
}

// Skip counts n checks skipped because the budget was exhausted.
func (b *Budget) Skip(n int) {
	if b == nil || n <= 0 {
		return
	}
	b.skipped.Add(int64(n))
}

// Skipped returns the number of checks skipped for this request.
func (b *Budget) Skipped() int {
	if b == nil {
		return 0
	}
	return int(b.skipped.Load())
}
