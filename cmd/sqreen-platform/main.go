// Command sqreen-platform runs the sqreen platform and administers its
// database.
//
//	sqreen-platform serve [flags]          run the gRPC agent API, HTTP (/healthz, /metrics, dashboard)
//	sqreen-platform migrate                create or upgrade the database schema
//	sqreen-platform app create NAME        register an app; prints its agent token once
//	sqreen-platform user create --name N --role admin|viewer   (password on stdin)
//	sqreen-platform token create --name N --role admin|viewer  API token for /api/v1; printed once
//	sqreen-platform vulns import FILE      store an OSV export's advisories for the dashboard
//
// Every command takes --db (env SQREEN_PLATFORM_DB, default
// sqlite://sqreen.db). See docs/platform.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
