#!/bin/sh
# Interleaved request overhead: the bench app built plain, built with
# sqreen-build from this tree, and (optionally) built with sqreen-build from
# an earlier commit, started in turn for each round under the same load.
# Prints per run the requests, the server's CPU per request and the GC
# cycles per 1,000 requests (GODEBUG=gctrace=1), then the medians.
# Counts such as GC cycles separate two builds that a throughput run on a
# shared machine cannot.
#
#   bench/interleave.sh [-rounds N] [-d 8s] [-old REV]    e.g. -old 47271b3
#
# The protected builds run on the embedded default rules (no platform).
set -eu
rounds=5 dur=8s old=""
while [ $# -gt 0 ]; do
	case $1 in
	-rounds) rounds=$2; shift 2 ;;
	-d) dur=$2; shift 2 ;;
	-old) old=$2; shift 2 ;;
	*) echo "usage: $0 [-rounds N] [-d DURATION] [-old REV]" >&2; exit 2 ;;
	esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sqreen-bench-interleave.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

sh "$root/bench/machine.sh"
(cd "$root" && go build -o "$work/" ./cmd/sqreen-build ./bench/loadgen)
(cd "$root/bench/app" && go build -o "$work/plain" . && "$work/sqreen-build" go build -o "$work/new" .)
apps="plain new"
if [ -n "$old" ]; then
	mkdir "$work/old-src"
	(cd "$root" && git archive "$old") | tar -x -C "$work/old-src"
	(cd "$work/old-src" && go build -o "$work/old-sqreen-build" ./cmd/sqreen-build)
	(cd "$work/old-src/bench/app" && "$work/old-sqreen-build" go build -o "$work/old" .)
	apps="plain old new"
fi
addr=127.0.0.1:8097
echo
echo "round build  requests  CPU-us/req  GC/1000req"
r=1
while [ "$r" -le "$rounds" ]; do
	for a in $apps; do
		GODEBUG=gctrace=1 BENCH_ADDR=$addr "$work/$a" 2>"$work/gc.txt" >/dev/null &
		pid=$!
		sleep 0.5
		out=$("$work/loadgen" -url "http://$addr/book?id=7&ref=home" -c 8 -warmup 2s -d "$dur" -pid "$pid")
		kill -INT "$pid"
		wait "$pid" 2>/dev/null || true
		# GC cycles inside the measured window (the app starts 0.5 s
		# before the load, whose warm-up lasts 2 s), per 1,000 requests.
		req=$(echo "$out" | sed -n 's/^\([0-9]*\) requests in.*/\1/p')
		cpu=$(echo "$out" | sed -n 's/.*CPU: \([0-9.]*\) us per request.*/\1/p')
		d=${dur%s}
		gcs=$(sed -n 's/^gc [0-9]* @\([0-9.]*\)s.*/\1/p' "$work/gc.txt" | awk -v d="$d" '$1 >= 2.5 && $1 < 2.5 + d {n++} END {print n+0}')
		echo "$r $a $req $cpu $gcs" | awk '{printf "%-5s %-6s %8d  %10s  %10.1f\n", $1, $2, $3, $4, 1000*$5/$3}' | tee -a "$work/table.txt"
	done
	r=$((r + 1))
done
echo
echo "medians: build CPU-us/req GC/1000req"
for a in $apps; do
	awk -v a="$a" '$2 == a {print $4, $5}' "$work/table.txt" | sort -n | awk -v a="$a" '{c[NR]=$1} END {printf "%-6s %s", a, c[int((NR+1)/2)]}'
	awk -v a="$a" '$2 == a {print $5}' "$work/table.txt" | sort -n | awk '{g[NR]=$1} END {printf "  %s\n", g[int((NR+1)/2)]}'
done
