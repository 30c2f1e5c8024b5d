package gls

import "unsafe"

// Get returns the value stored for the calling goroutine, or nil.
func Get() any { return get() }

// Set stores v for the calling goroutine; Set(nil) clears it.
func Set(v any) { set(v) }

// Live reports whether the build has goroutine-local storage: Get returns
// what Set stored. Only in a build of sqreen-build's (see the package
// doc); in a plain build Get always returns nil.
func Live() bool { return live }

// live is Live, found once by storing a value and reading it back.
var live = func() bool {
	m := new(byte)
	set(m)
	p, _ := get().(*byte)
	set(nil)
	return p == m
}()

// rodata bounds the program's read-only data (see readOnly), read once:
// a sink hook tests a string against it with two comparisons and one
// cache line of its own.
var rodata = func() (r struct{ start, end uintptr }) {
	r.start, r.end = readOnly()
	return r
}()

// Constant reports whether s is a constant of the program: its bytes lie
// in the program's read-only data, where the compiler puts string
// literals (and so every slice of one). Nothing the program reads at run
// time, a request or a file, is ever stored there, so no request input can
// have been built into s. It is false for the empty string, for the
// constants of a plugin (only the program's own data is known), and
// always in a plain build, which does not know where that data lies.
func Constant(s string) bool {
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return len(s) > 0 && p >= rodata.start && p+uintptr(len(s)) <= rodata.end
}

// MarkReadOnly makes Constant treat [start, end) as the program's
// read-only data until restore is called: for the tests of a plain build,
// which knows none, to see the path an instrumented build takes. Not safe
// to call while another goroutine calls Constant.
func MarkReadOnly(start, end uintptr) (restore func()) {
	old := rodata
	rodata.start, rodata.end = start, end
	return func() { rodata = old }
}
