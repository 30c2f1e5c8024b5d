//go:build !sqreen_instrumented

package gls

// Plain build: no goroutine-local storage. sqreen-build compiles
// gls_instrumented.go instead.

func get() any { return nil }

func set(v any) {}
