// Command sqreen-build builds Go programs with sqreen's in-app protection
// compiled in.
//
// Usage:
//
//	sqreen-build go build|install|run|test|vet [go flags] [packages]
//	sqreen-build pin
//	sqreen-build report [--json|--sarif|--inventory] [packages]
//	sqreen-build diff [packages]
//	sqreen-build version
//	sqreen-build toolexec <tool> [args]   (called by the go command)
//
// "sqreen-build go" runs the go command with -toolexec set to this
// program, forwarding every flag, and pins the runtime first when the
// module does not require it. "go build -toolexec 'sqreen-build toolexec'"
// (or the same in GOFLAGS) works as well on a pinned module.
//
// See docs/instrumentation.md for what is instrumented and how.
package main
