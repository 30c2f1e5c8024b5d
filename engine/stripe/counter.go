package stripe

import "sync/atomic"

// Counter is an int64 counter many goroutines add to at once. The zero
// Counter is zero and ready to use.
type Counter struct {
	s Set[atomic.Int64]
}

// Add adds d.
func (c *Counter) Add(d int64) { c.s.Local().Add(d) }

// Load returns the sum of what was added. Adds that run at the same time
// may or may not be counted.
func (c *Counter) Load() int64 {
	var n int64
	for i := range Stripes {
		n += c.s.At(i).Load()
	}
	return n
}

// Swap returns the sum and sets the counter back to zero; no add is lost
// or counted twice across calls of Swap.
func (c *Counter) Swap() int64 {
	var n int64
	for i := range Stripes {
		n += c.s.At(i).Swap(0)
	}
	return n
}
