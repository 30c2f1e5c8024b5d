// Package gls is "the current request of this goroutine", and which
// strings are constants of the program: what sqreen learns from the Go
// runtime that sqreen-build rewrites.
//
// Hooks that receive no context.Context (os.OpenFile, os.StartProcess)
// find the request in flight through this package. HTTPEnter stores the
// request with Set for the goroutine that serves it, and the function that
// ends the request clears it with Set(nil).
//
// # Constant strings
//
// Constant reports whether a string is one of the program's constants: its
// bytes in the binary's read-only data, where the compiler puts string
// literals. A sink hook given such a query or command skips the injection
// rules, which no request input can have reached (see
// rules.Set.ConstantSinkUnmatched).
//
// # Plain and instrumented builds
//
// gls.go holds the exported API; gls_plain.go (build tag
// !sqreen_instrumented) holds the three unexported functions it calls.
// In a plain build there is no goroutine-local storage: get returns nil
// and set does nothing, so file and exec hooks see no request; and
// readOnly bounds nothing, so no string is known to be constant. sqreen-build
// compiles gls_plain.go with those three renamed and declares them
// body-less; the Go runtime, which it rewrites, defines them (pushed with
// //go:linkname): get and set on a field it adds to the g struct, cleared
// when the goroutine exits, and readOnly on the bounds of the program's
// read-only data. Keep gls_plain.go exactly these three tiny functions so
// that swap stays trivial.
package gls
