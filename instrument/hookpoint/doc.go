// Package hookpoint is the one table of everything sqreen-build instruments.
//
// A hook point is a row: the function that is rewritten (callee side, so
// that one rewrite sees every caller), the body-less declaration injected
// into its package, and the prologue inserted at the top of its body (or
// before one statement of it, Point.Before). The
// declaration is implemented in the runtime module (runtime/hooks,
// linkname*.go) with a push //go:linkname, because standard-library
// packages cannot import the runtime without an import cycle.
//
// # Rows
//
// Table returns the rows; Validate checks them (every template parses,
// every symbol is versioned and prefixed). Hash is the digest of the table
// that sqreen-build appends to the compiler's -V=full output, so that
// instrumented and plain objects never share a build-cache entry.
//
// # Prologue templates
//
// A prologue is Go source, written on one line so that every original line
// keeps its number. It is a text/template with these functions:
//
//	{{p 0}}   name of the function's first parameter (after the receiver)
//	{{r 0}}   name of the first result (results are named when needed)
//	{{recv}}  name of the receiver
package hookpoint
