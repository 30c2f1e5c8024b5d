//go:build sqreen_instrumented

package gls

// Instrumented build: sqreen-build compiles this file instead of
// gls_plain.go (the build tag keeps it out of every plain build). The two
// functions have no body here: the Go runtime defines them, reading and
// writing the field sqreen-build adds to its g struct, and pushes them into
// this package with //go:linkname (instrument/rewrite/runtimeg.go).

func get() any

func set(v any)
