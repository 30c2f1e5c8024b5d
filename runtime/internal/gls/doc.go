// Package gls is "the current request of this goroutine".
//
// Hooks that receive no context.Context (os.OpenFile, os.StartProcess)
// find the request in flight through this package. HTTPEnter stores the
// request with Set for the goroutine that serves it, and the function that
// ends the request clears it with Set(nil).
//
// # Plain and instrumented builds
//
// gls.go holds the exported API; gls_plain.go (build tag
// !sqreen_instrumented) holds the two unexported
// functions it calls. In a plain build there is no goroutine-local storage:
// get returns nil and set does nothing, so file and exec hooks see no
// request. sqreen-build replaces gls_plain.go at compile time with a variant
// backed by a field it adds to the Go runtime's g struct (gls_instrumented.go,
// tag sqreen_instrumented); the field is
// cleared when the goroutine exits. Keep gls_plain.go exactly two tiny
// functions so that swap stays trivial.
package gls
