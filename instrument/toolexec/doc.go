// Package toolexec is what runs when the go command calls
// "sqreen-build toolexec <tool> <args>" for every tool invocation of a
// build (go build -toolexec).
//
// # What it changes
//
//   - tool -V=full (compile and link): the go command keys its build cache
//     on this output, so a stable suffix naming our version, the hook-table
//     hash and a content hash of the pinned runtime and engine modules is
//     appended. Instrumented and plain objects never share a cache entry,
//     and an instrumented rebuild hits the cache like a plain one.
//   - compile of a package of the hook table (os, database/sql, net/http,
//     text/template, pgx): its files are rewritten (package rewrite) into
//     the action's own $WORK directory, a file of body-less declarations is
//     added and -complete is removed.
//   - compile of package runtime: the goroutine-local slot (rewrite.RuntimeG).
//   - compile of runtime/internal/gls: the plain get and set are renamed
//     and declared without a body instead; the runtime defines them.
//   - compile of package main: a synthetic blank import of runtime/hooks,
//     so that the definitions of the injected declarations are linked.
//   - link: every package runtime/hooks needs and the build did not
//     compile is added to the link importcfg (resolved once per build with
//     go list -deps -export under the parent build's own flags, so that
//     -race, -cover, -tags, -trimpath, GOOS/GOARCH and CGO match), and the
//     build stamp is set with -X.
//
// Everything else (asm, cgo, cover, vet, buildid, pack) runs untouched.
package toolexec
