// Package rewrite applies hook points to the source files of one package.
//
// Edits never add or remove a line of the original file: a prologue is
// inserted on the line of the function's opening brace, a named result
// list replaces the original on its own line, and the rewritten file starts
// with a //line directive naming the original file. Panics, stack traces,
// coverage profiles and debuggers therefore point at the user's (or the
// standard library's) own lines. Declarations of the injected functions go
// to a separate generated file, __sqreen_decls.go.
//
// Besides the hook points of package hookpoint, this package adds the
// goroutine-local slot to the Go runtime (runtimeg.go): a field of the g
// struct, accessors pushed into runtime/internal/gls, clearing in gdestroy
// and inheritance in newproc1. Declarations are found by name with go/ast,
// never by line number, so the same code works on Go 1.26 and 1.27.
package rewrite
