// Command app is the handler the request-overhead benchmark loads: each
// GET /book?id=N runs three SQLite queries (modernc.org/sqlite, pure Go)
// and renders an html/template page, about 300 us of CPU per request on
// the machine of docs/PERFORMANCE.md.
//
// It is built twice by bench/request-overhead.sh, with `go build` and with
// `sqreen-build go build`, from the same source; sqreen_tools.go keeps the
// runtime in go.mod the way `sqreen-build pin` does, so neither build
// changes go.mod. The queries are parameterised (the app is not
// vulnerable): the benchmark measures what protection costs on ordinary
// traffic.
//
//	BENCH_ADDR=127.0.0.1:8090 ./app
//
// BENCH_ADDR must be a loopback address; the database lives in a temporary
// file removed at exit. BENCH_CPUPROFILE=file writes a CPU profile of the
// whole run (go tool pprof -top app file), to see where the time goes;
// BENCH_MEMPROFILE=file the allocations of the whole run (go tool pprof
// -sample_index=alloc_space -top app file), to see what adds GC work.
// Built with -tags benchgcstats, the app logs at exit, after a full
// collection, the bytes every GC cycle scans (live heap, globals, stacks)
// and the cycles run (not by default: runtime/metrics alone keeps ~15 KB
// live, which would change what it measures). Built with -tags
// benchkeepagent (plain go build), it links the whole agent without
// instrumenting anything or running it: its code is there, as in the
// protected binary, and nothing of it runs.
// BENCH_DB_IDLE=n sets the connections the database pool keeps idle
// (default 16, above the load's 8; 2, database/sql's default, makes the
// pool open and close SQLite connections during the load).
// BENCH_LIVE_MB=n keeps about n MB of small objects live for the whole
// run, like a service's caches: alone the app keeps under 1 MB live, below
// Go's 4 MB minimum heap goal, where whatever else stays live (the agent's
// tables) makes the GC run more often than it would in a larger service.
package main
