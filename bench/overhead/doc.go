// Command overhead measures what sqreen's protection costs per request:
// it starts the same app built plain and built with sqreen-build, each on
// its own loopback port, checks that only the second one blocks an attack
// tool's User-Agent (so the protection is really on), and sends the same
// closed-loop load (package bench/load) to each in turn, alternating
// (plain, protected, plain, protected, ...) so that drift in the machine's
// load hits both alike. It prints, per run and summed over the runs,
// throughput, p50 and p99 latency and the server's CPU time per request
// (from /proc/<pid>/stat, utime+stime over the measured window divided by
// the requests served), then the ratios and deltas. With -together, each
// round loads both apps at the same time, each with its own connections:
// they share the machine's CPU and whatever else runs on it, so that a
// shared machine's drift between runs, wider than what is measured,
// cancels out; the throughput ratio then says how the CPU split between
// them. With -perf, Linux perf samples each app's CPU (kernel and all
// threads included) during every measured window, and the report ends
// with where the CPU per request went in each build: sqreen's own frames
// (with the library and runtime code they call), the garbage collector,
// the Go scheduler, the kernel and the app (package bench/perfsplit).
// With -callgrind, each app runs under Valgrind's callgrind, counting on
// only during the measured windows, and the report ends with the
// instructions per request of each build, by part (sqreen's code,
// net/http, the app and its libraries, the runtime, the GC) and by
// function: a count that, unlike the CPU time, the machine's other work
// does not move, so that a change of a few hundred instructions per
// request shows where the times cannot resolve it. It does not show what
// the instructions cost in time, cache misses included.
// With -rate and -together, the two loads run open loop at the same rate
// with their schedules half a request apart, one build delayed in odd
// rounds and the other in even ones: at the same instants, the request of
// the build whose loader started first was served first every time, which
// gave the second build +98 us of p50 against an identical binary at 300
// requests per second. For the same reason nothing else favours one
// side: the apps start layout by layout, plain first for odd layouts and
// protected first for even ones, and the build whose load starts first
// alternates by round. Before that (every plain app started first), an
// A/A run on identical binaries put the second side +3.7 us of CPU per
// request behind, in each of its 4 rounds.
//
//	go run ./bench/overhead -plain app-plain -protected app-sqreen \
//	    -protected-env SQREEN_PLATFORM_ADDR=127.0.0.1:9090 -rounds 3 -d 10s
//
// bench/request-overhead.sh (make bench) builds the two binaries and the
// platform and runs it. The apps get their address in BENCH_ADDR.
package main
