#!/bin/sh
# Footprint: the cache lines of code and data sqreen's own functions read
# from memory per protected request when nothing of the previous request
# is cached (runtime/hooks' BenchmarkRequestCold/dram under Valgrind's
# cachegrind; see bench/footprint). Deterministic: use it to tell whether
# a change shrinks what a request touches, which timings on a shared
# machine cannot resolve.
#
#   bench/footprint.sh [-plain] [-layouts N] [-inclusive] [-pages] [-top N] [-n1 N] [-n2 N]
#
# (-plain and -layouts first, in either order; the rest go to
# bench/footprint.) -inclusive counts, with sqreen's own code, what it
# calls of the runtime and the standard library (the allocator, maps),
# under callgrind. -pages counts 4 KB pages instead of lines: with nothing
# cached, each page a request touches costs a page walk before its first
# line. Random layouts scatter every function of the binary over its
# text, so the pages of code mean something in the linker's own layout
# (-layouts 1, or the first of the "per layout" counts).
#
# The benchmark is built as a protected app is, with sqreen-build (go test
# -c through it): the rewritten runtime knows the goroutine's request and
# which strings are constants, so the benchmark's queries, literals of its
# source, are the constants they are in bench/app. -plain builds it with
# go test alone: every query is then checked as if built at run time.
#
# -layouts N (default 4) links the benchmark N times, with the linker's
# own code layout and N-1 random ones (-ldflags=-randlayout=SEED), and
# averages the counts: which blocks of a function share a 64-byte line
# depends on where the function lands, which moves a function's count by
# a few lines with its code unchanged.
#
# Needs valgrind (apt-get install valgrind). Runs from any folder.
set -eu
command -v valgrind >/dev/null 2>&1 || { echo "footprint.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sqreen-footprint.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
layouts=4
build="sqreen-build"
while [ $# -gt 0 ]; do
	case $1 in
	-plain) build=plain; shift ;;
	-layouts)
		[ $# -ge 2 ] || { echo "footprint.sh: -layouts needs a number" >&2; exit 2; }
		layouts=$2
		shift 2
		;;
	*) break ;;
	esac
done
case $layouts in
'' | *[!0-9]* | 0)
	echo "footprint.sh: -layouts $layouts: want a whole number of layouts, 1 or more" >&2
	exit 2
	;;
esac
gotest="go test"
if [ "$build" = sqreen-build ]; then
	(cd "$root" && go build -o "$work/sqreen-build" ./cmd/sqreen-build)
	gotest="$work/sqreen-build go test"
fi
(cd "$root/runtime/hooks" && $gotest -c -o "$work/hooks.test" .)
bins=$work/hooks.test
seed=1
while [ "$seed" -lt "$layouts" ]; do
	(cd "$root/runtime/hooks" && $gotest -c -ldflags="-randlayout=$seed" -o "$work/hooks-$seed.test" .)
	bins=$bins,$work/hooks-$seed.test
	seed=$((seed + 1))
done
(cd "$root" && go run ./bench/footprint -bin "$bins" "$@")
