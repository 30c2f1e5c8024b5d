// Package prefetch asks the CPU to start loading, all at once, the code
// a protected request is about to run.
//
// Between two requests of a real app (300 us or more of SQL and
// templates), little of sqreen's code is left in the core's caches: each
// of the ~150 lines of code a request runs is then fetched from memory
// when the CPU reaches it, one after the other, each a stall of its own
// (runtime/hooks' BenchmarkRequestCold/dram, bench/footprint). A
// prefetch instruction does not wait for its line: issued together, the
// fetches overlap, and the code finds its lines in the caches on the way
// (the core's L2 holds code and data alike).
package prefetch

import (
	"reflect"
	"runtime"
	"unsafe"
)

const lineSize = 64

// span is the cache lines from start up to, not including, end (both
// multiples of lineSize). The assembly reads it: keep the two words.
type span struct{ start, end uintptr }

// Code is the code of some functions, as spans of cache lines in the
// order the functions were given, those next to each other in memory
// merged: a few spans, read on every request, where one address per
// line was 2 KB of table to read first.
type Code struct {
	spans []span
}

// CodeOf returns the code of the functions fns (function values: funcs,
// or method expressions such as (*T).M), in that order: give them in the
// order a request runs them, so that the first needed are asked for
// first. Values that are not functions are ignored.
func CodeOf(fns ...any) Code {
	var c Code
	c.Add(fns...)
	return c
}

// Add adds the code of fns to c (see CodeOf).
func (c *Code) Add(fns ...any) {
	for _, f := range fns {
		v := reflect.ValueOf(f)
		if v.Kind() != reflect.Func || v.IsNil() {
			continue
		}
		if s, ok := funcSpan(v.Pointer()); ok {
			c.add(s)
		}
	}
}

// add adds s, merged with a span of c it touches or overlaps.
func (c *Code) add(s span) {
	for i := range c.spans {
		t := &c.spans[i]
		if s.start <= t.end && t.start <= s.end {
			t.start, t.end = min(t.start, s.start), max(t.end, s.end)
			return
		}
	}
	c.spans = append(c.spans, s)
}

// maxFuncLines bounds a function's span: no function of a request's path
// is longer than 4 KB, and a long one's cold paths need not be fetched.
const maxFuncLines = 64

// funcSpan returns the lines of the function whose code starts at pc, up
// to the first line that holds none of its code.
func funcSpan(pc uintptr) (span, bool) {
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return span{}, false
	}
	entry := fn.Entry()
	s := span{start: entry &^ (lineSize - 1)}
	s.end = s.start + lineSize
	for s.end < s.start+maxFuncLines*lineSize {
		if f := runtime.FuncForPC(s.end); f == nil || f.Entry() != entry {
			break
		}
		s.end += lineSize
	}
	return s, true
}

// Lines returns the number of cache lines of c.
func (c Code) Lines() int {
	n := 0
	for _, s := range c.spans {
		n += int((s.end - s.start) / lineSize)
	}
	return n
}

// Spans returns the number of spans of c.
func (c Code) Spans() int { return len(c.spans) }

// Fetch starts loading every line of c into the caches and returns
// without waiting for any of them.
func (c *Code) Fetch() {
	if len(c.spans) > 0 {
		fetch(unsafe.Pointer(&c.spans[0]), len(c.spans))
	}
}

// Holds reports whether one of c's lines holds the address pc.
func (c Code) Holds(pc uintptr) bool {
	for _, s := range c.spans {
		if s.start <= pc && pc < s.end {
			return true
		}
	}
	return false
}
