//go:build tools

// This file keeps the sqreen runtime in go.mod (what `sqreen-build pin`
// writes), so that `sqreen-build go build` leaves go.mod alone; a plain
// `go build` ignores it and links nothing of sqreen.

package main

import _ "github.com/sqreen-go/sqreen/runtime/hooks"
