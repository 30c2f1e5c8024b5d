// Package stripe spreads counters that every request writes over several
// cache lines, so that goroutines running on different cores do not
// fight over one.
//
// An atomic add to a word that another core wrote a moment before waits
// for the cache line to come over: on the 2-core virtual machines the
// benchmarks run on, about 100 ns, against 2 ns when the line is already
// there. The agent adds to a few counters per check (requests served,
// each rule's evaluations, each hook's latency histogram): a couple of
// dozen adds per request, which cost microseconds when requests run on
// both cores at once. A Set keeps one copy of its value per stripe and a
// goroutine writes to the stripe its stack address picks; readers (the
// heartbeat, every 20 s) sum the stripes.
package stripe

import "unsafe"

// Stripes is the number of copies a Set keeps: a power of two, enough
// that two goroutines running at the same time rarely pick the same one
// on the machines the agent runs on.
const Stripes = 8

// Set holds Stripes copies of T, each apart from the others by at least a
// cache line, so that writes to one never touch another's line. T is
// meant to hold atomic counters; the zero Set is ready to use.
type Set[T any] struct {
	s [Stripes]padded[T]
}

// padded is a T followed by a cache line of padding: two Ts of an array
// of padded are at least 64 bytes apart, so they never share a line.
type padded[T any] struct {
	v T
	_ [64]byte
}

// Local returns the copy of T the calling goroutine writes to.
func (s *Set[T]) Local() *T { return &s.s[index()].v }

// At returns copy i (0 <= i < Stripes), for readers that sum them.
func (s *Set[T]) At(i int) *T { return &s.s[i].v }

// index picks a stripe from the address of the calling goroutine's
// stack: goroutines running at the same time have different stacks, at
// least 2 KiB (the smallest stack) apart. A goroutine whose stack moves
// (it grew) may pick another stripe next time: readers sum the stripes,
// so the totals stay right.
//
//go:nosplit
func index() int {
	var b byte
	return stripeOf(uintptr(unsafe.Pointer(&b)))
}

// stripeOf maps a stack address to a stripe. Stacks sit at multiples of
// their size (2 KiB to megabytes), so the address's bits are mixed
// (MurmurHash3's 64-bit finalizer) before a few are kept: Fibonacci
// hashing alone sent stacks 16 KiB apart to the same stripe one time in
// two (TestStridesSpreadOverStripes).
func stripeOf(p uintptr) int {
	x := uint64(p) >> 11
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return int(x & (Stripes - 1))
}
