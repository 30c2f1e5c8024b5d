// Package pin adds the in-app modules to a user's module, the way
// "sqreen-build pin" does: a require and a replace for
// github.com/sqreen-go/sqreen/runtime and .../engine pointing at a copy of
// their source in <module>/.sqreen/ (a dot folder, so ./... never matches
// it), their dependencies' requirements and go.sum entries (go mod tidy), and one sqreen_tools.go file
// (//go:build tools) that imports the runtime so that go mod tidy keeps it.
// A vendor/ folder is refreshed. The user's go.mod is edited once, here,
// never during a build.
//
// # Where the runtime's source comes from
//
// While the in-app modules are not published on a proxy, sqreen-build
// finds their source, in this order: $SQREEN_RUNTIME_DIR (the runtime
// module's folder; the engine is its sibling), the folder recorded at link
// time with -ldflags "-X .../instrument/pin.SourceDir=<repo>", and the
// repository this binary was compiled from (the source path the compiler
// records, unless it was built with -trimpath).
package pin
