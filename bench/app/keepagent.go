//go:build benchkeepagent

package main

import (
	"net/http"
	"os"

	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

// With -tags benchkeepagent the plain build links the whole agent (the
// rules engine, expr, YAML, the platform client: the protected binary's
// size) without instrumenting anything or ever running it: a calibration
// build that tells what the agent's code costs by being there.
func init() {
	if os.Getenv("BENCH_KEEP_AGENT_RUN") == "never" {
		// Never true in a benchmark; the calls keep the code linked.
		sqreen.Start()
		http.ListenAndServe("127.0.0.1:0", sqreen.Middleware(http.NotFoundHandler()))
	}
}
