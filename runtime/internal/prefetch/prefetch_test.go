package prefetch

import (
	"reflect"
	"runtime"
	"testing"
	"unsafe"
)

//go:noinline
func small(x int) int { return x + 1 }

//go:noinline
func larger(xs []int) int {
	n := 0
	for i, x := range xs {
		switch {
		case x > 100:
			n += x * i
		case x < -100:
			n -= x / (i + 1)
		default:
			n ^= x << (i % 7)
		}
	}
	return n
}

type thing struct{ n int }

//go:noinline
func (t *thing) method() int { return t.n * 3 }

// A function's span starts with the line of its entry and ends with the
// last line whose start is in its code: every line that holds some of the
// code, and no other.
func TestCodeOfSpansTheFunction(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   any
	}{
		{"func", small},
		{"larger func", larger},
		{"method expression", (*thing).method},
		{"exported of another package", runtime.GC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CodeOf(tc.fn)
			if c.Spans() != 1 {
				t.Fatalf("%d spans, want 1", c.Spans())
			}
			s := c.spans[0]
			if s.start%lineSize != 0 || s.end%lineSize != 0 || s.end <= s.start {
				t.Fatalf("span %#x..%#x is not whole lines", s.start, s.end)
			}
			entry := runtime.FuncForPC(reflect.ValueOf(tc.fn).Pointer()).Entry()
			if entry < s.start || entry >= s.start+lineSize {
				t.Errorf("the span %#x..%#x does not start with its function's entry %#x", s.start, s.end, entry)
			}
			if last := s.end - lineSize; last > s.start && runtime.FuncForPC(last).Entry() != entry {
				t.Errorf("the span's last line %#x starts outside its function (entry %#x)", last, entry)
			}
			if g := runtime.FuncForPC(s.end); g != nil && g.Entry() == entry {
				t.Errorf("the span ends at %#x, inside its function (entry %#x)", s.end, entry)
			}
		})
	}
}

// A larger function spans more lines than a one-line one.
func TestCodeOfLinesGrowWithTheFunction(t *testing.T) {
	a, b := CodeOf(small), CodeOf(larger)
	if a.Lines() < 1 || b.Lines() <= a.Lines() {
		t.Errorf("small: %d lines, larger: %d; want 1 or more, and more", a.Lines(), b.Lines())
	}
	if a.Lines() > maxFuncLines || b.Lines() > maxFuncLines {
		t.Errorf("more than %d lines: %d, %d", maxFuncLines, a.Lines(), b.Lines())
	}
}

// The same function given twice, or two functions whose spans touch,
// make one span; values that are not functions are left out.
func TestCodeOfMerges(t *testing.T) {
	var nilFunc func()
	c := CodeOf(small, small, 42, nil, nilFunc, "text")
	if c.Spans() != 1 || c.Lines() != CodeOf(small).Lines() {
		t.Errorf("%d spans of %d lines, want 1 span of %d", c.Spans(), c.Lines(), CodeOf(small).Lines())
	}
	both := CodeOf(small, larger)
	s, l := both.spans[0], CodeOf(larger).spans[0]
	touch := s.end >= l.start && l.end >= s.start
	if touch && both.Spans() != 1 || !touch && both.Spans() != 2 {
		t.Errorf("%d spans for two functions whose spans touch: %v", both.Spans(), touch)
	}
	if both.Lines() > CodeOf(small).Lines()+CodeOf(larger).Lines() {
		t.Errorf("merged: %d lines, more than the two apart", both.Lines())
	}
}

// Fetch runs on empty and filled sets (a prefetch never faults), and
// does not change the set.
func TestFetch(t *testing.T) {
	var empty Code
	empty.Fetch()
	c := CodeOf(small, larger, (*thing).method, runtime.GC)
	n := c.Lines()
	c.Fetch()
	if c.Lines() != n {
		t.Errorf("Fetch changed the set: %d lines, then %d", n, c.Lines())
	}
	if small(1) != 2 {
		t.Error("the code fetched does not run as before")
	}
}

// BenchmarkFetch is what a Fetch of 150 lines in 150 spans costs when
// they are cached already: the price of asking on every request.
func BenchmarkFetch(b *testing.B) {
	const n = 150
	buf := make([]byte, (2*n+1)*lineSize)
	first := (uintptr(unsafe.Pointer(&buf[0])) + lineSize - 1) &^ (lineSize - 1)
	var c Code
	for i := range uintptr(n) {
		start := first + 2*i*lineSize // every other line: no two spans touch
		c.add(span{start: start, end: start + lineSize})
	}
	if c.Spans() != n || c.Lines() != n {
		b.Fatalf("%d spans, %d lines, want %d", c.Spans(), c.Lines(), n)
	}
	for b.Loop() {
		c.Fetch()
	}
	runtime.KeepAlive(buf)
}
