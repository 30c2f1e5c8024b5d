package load

import (
	"math"
	"math/bits"
	"time"
)

// subBits sets the histogram's precision: each power of two is split into
// 2^subBits buckets, so a recorded value is known within 1/2^subBits
// (about 0.4 %: 20 us at a p99 of 5 ms, where a shared virtual machine's
// scheduling can put it under an open loop, finer than the 50 us a p99
// comparison must resolve; 1.6 % made that 80 us). A histogram is then
// 114 KB, one per connection.
const subBits = 8

// numBuckets covers every non-negative int64 nanosecond count.
const numBuckets = (64 - subBits + 1) << subBits

// Histogram counts durations in log-linear buckets. The zero value is
// empty and ready; it is not safe for concurrent use (give each goroutine
// its own and Merge them).
type Histogram struct {
	counts [numBuckets]uint64
	n      uint64
	sum    time.Duration
	min    time.Duration
	max    time.Duration
}

// bucketOf returns the bucket of v >= 0: values below 2^subBits have a
// bucket each; above, the bucket is the exponent and the subBits bits
// after the leading one.
func bucketOf(v uint64) int {
	if v < 1<<subBits {
		return int(v)
	}
	exp := bits.Len64(v) - 1 // >= subBits
	shift := exp - subBits
	mant := (v >> shift) & (1<<subBits - 1)
	return (shift+1)<<subBits | int(mant)
}

// bucketRange returns the smallest and largest values of bucket i.
func bucketRange(i int) (lo, hi uint64) {
	if i < 1<<subBits {
		return uint64(i), uint64(i)
	}
	shift := i>>subBits - 1
	mant := uint64(i & (1<<subBits - 1))
	lo = (1<<subBits | mant) << shift
	return lo, lo + (1 << shift) - 1
}

// Record adds one duration; negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.counts[bucketOf(uint64(d))]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	if d > h.max {
		h.max = d
	}
	h.n++
	h.sum += d
}

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	if o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	if o.max > h.max {
		h.max = o.max
	}
	h.n += o.n
	h.sum += o.sum
}

// Count is the number of recorded durations.
func (h *Histogram) Count() uint64 { return h.n }

// Mean is the average recorded duration (0 when empty).
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}

// Max is the largest recorded duration.
func (h *Histogram) Max() time.Duration { return h.max }

// Quantile returns the q-quantile (0 <= q <= 1) of the recorded durations:
// the midpoint of the bucket holding the ceil(q*n)-th smallest value,
// clamped to the recorded minimum and maximum, so within the histogram's
// precision of the exact value; the first and last ranks are exact. It is 0 for an empty histogram.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	q = math.Max(0, math.Min(1, q))
	rank := uint64(math.Ceil(q * float64(h.n)))
	switch {
	case rank <= 1:
		return h.min
	case rank >= h.n:
		return h.max
	}
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen < rank {
			continue
		}
		lo, hi := bucketRange(i)
		v := time.Duration(lo + (hi-lo)/2)
		return min(max(v, h.min), h.max)
	}
	return h.max
}
