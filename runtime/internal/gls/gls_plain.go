//go:build !sqreen_instrumented

package gls

// Plain build: no goroutine-local storage, and no knowledge of where the
// program's read-only data lies. sqreen-build compiles these three as
// body-less declarations instead, defined by the Go runtime it rewrites.

func get() any { return nil }

func set(v any) {}

func readOnly() (start, end uintptr) { return 0, 0 }
