// Package testscripts holds the end-to-end tests of sqreen-build: each
// testdata/*.txtar is a testscript that builds, runs and inspects real
// programs. The test builds sqreen-build once and puts it on PATH; scripts
// share the user's build cache (GOCACHE), as a real user's builds would.
//
// Scripts that build for another GOOS, another Go release or with -race
// compile the standard library once per variant; they run only when
// SQREEN_TESTSCRIPTS_ALL=1. sqlx's SQLite suite (thirdparty.txtar, cgo)
// runs with SQREEN_TESTSCRIPTS_SQLX=1 or SQREEN_TESTSCRIPTS_ALL=1. Short
// mode (-short) skips every script.
package testscripts
