#!/bin/sh
# Engine, runtime and platform-ingest micro-benchmarks, summarised: one line per benchmark
# with ns/op, B/op and allocs/op, and the metrics a benchmark reports in
# microseconds (runtime/hooks' BenchmarkRequestCold: plain-us, protected-us,
# added-us; its ns/op counts the cache sweeps between requests).
#
#   bench/micro.sh [-benchtime 1s]     (extra flags go to go test)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
sh "$root/bench/machine.sh"
echo
run() { # module packages...
	mod=$1
	shift
	(cd "$root/$mod" && go test -run '^$' -bench . -benchmem "$@") 2>&1 |
		awk -v mod="$mod" '
			/^pkg: / { pkg = $2; sub(".*/sqreen/", "", pkg) }
			/^Benchmark/ && /ns\/op/ {
				name = $1; sub(/-[0-9]+$/, "", name)
				ns = ""; b = ""; allocs = ""; extra = ""
				for (i = 2; i <= NF; i++) {
					if ($(i) == "ns/op") ns = $(i-1)
					if ($(i) == "B/op") b = $(i-1)
					if ($(i) == "allocs/op") allocs = $(i-1)
					if ($(i) ~ /-us$/) extra = extra "  " $(i-1) " " $(i)
				}
				printf "%-22s %-58s %12s ns/op %8s B/op %6s allocs/op%s\n", pkg, name, ns, b, allocs, extra
			}
			/^(FAIL|panic|---)/ { print "  " $0 }'
}
benchtime=${BENCHTIME:-1s}
run engine -benchtime "$benchtime" ./rasp ./rules ./waf ./scrub "$@"
run runtime -benchtime "$benchtime" ./... "$@"
run . -benchtime "$benchtime" ./platform/... "$@"
