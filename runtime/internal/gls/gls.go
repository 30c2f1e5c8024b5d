package gls

import "unsafe"

// Get returns the value stored for the calling goroutine, or nil.
func Get() any { return get() }

// Set stores v for the calling goroutine; Set(nil) clears it.
func Set(v any) { set(v) }

// Constant reports whether s is a constant of the program: its bytes lie
// in the program's read-only data, where the compiler puts string
// literals (and so every slice of one). Nothing the program reads at run
// time, a request or a file, is ever stored there, so no request input can
// have been built into s. It is false for the empty string, and always in
// a plain build, which does not know where that data lies.
func Constant(s string) bool {
	if len(s) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return readOnly(p, p+uintptr(len(s)))
}
