#!/bin/sh
# Request overhead: the bench app (bench/app: 3 SQLite queries and an
# html/template page per request) built with `go build` and with
# `sqreen-build go build`, run side by side on loopback under the same
# closed-loop load, alternating plain/protected runs (see bench/overhead).
# The protected app reports to a sqreen-platform on SQLite when the
# platform builds and starts; otherwise the run says so and the app uses
# the embedded default rules.
#
#   bench/request-overhead.sh [-layouts N] [overhead flags]    e.g. -rounds 3 -d 15s -c 8
#
# -layouts N builds each app N times, with the linker's own code layout
# and with N-1 random ones (go build -ldflags=-randlayout=SEED, seeds 1 to
# N-1; each protected build takes the seed of its plain pair), and the
# rounds use them in turn: where the linker happens to put the hot code
# moves this app by several percent on its own (docs/PERFORMANCE.md), so
# a difference smaller than that needs more than one layout to mean
# anything. Give at least N rounds.
#
# Runs from any folder; builds into a temporary folder removed at exit.
set -eu
layouts=1
n=$#
i=0
while [ "$i" -lt "$n" ]; do
	arg=$1
	shift
	i=$((i + 1))
	case $arg in
	-layouts | --layouts)
		[ "$i" -lt "$n" ] || { echo "request-overhead.sh: $arg needs a number" >&2; exit 2; }
		layouts=$1
		shift
		i=$((i + 1))
		;;
	-layouts=* | --layouts=*) layouts=${arg#*=} ;;
	*) set -- "$@" "$arg" ;;
	esac
done
case $layouts in
'' | *[!0-9]* | 0)
	echo "request-overhead.sh: -layouts $layouts: want a whole number of layouts, 1 or more" >&2
	exit 2
	;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sqreen-bench-request.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

sh "$root/bench/machine.sh"
echo
echo "== building sqreen-build, the benchmark driver and the platform"
(cd "$root" && go build -o "$work/" ./cmd/sqreen-build ./bench/overhead)
platform_flag=""
if (cd "$root" && go build -o "$work/" ./cmd/sqreen-platform) >"$work/platform-build.log" 2>&1; then
	platform_flag="-platform $work/sqreen-platform"
else
	echo "sqreen-platform does not build; the protected app will run on the embedded defaults:"
	sed 's/^/    /' "$work/platform-build.log"
fi
echo "== building bench/app plain and with sqreen-build"
(cd "$root/bench/app" && go build -o "$work/app-plain" .)
(cd "$root/bench/app" && "$work/sqreen-build" go build -o "$work/app-protected" .)
plain=$work/app-plain
protected=$work/app-protected
seed=1
while [ "$seed" -lt "$layouts" ]; do
	echo "== building bench/app plain and with sqreen-build, code layout $((seed + 1)) (-ldflags=-randlayout=$seed)"
	(cd "$root/bench/app" && go build -ldflags="-randlayout=$seed" -o "$work/app-plain-$seed" .)
	(cd "$root/bench/app" && "$work/sqreen-build" go build -ldflags="-randlayout=$seed" -o "$work/app-protected-$seed" .)
	plain=$plain,$work/app-plain-$seed
	protected=$protected,$work/app-protected-$seed
	seed=$((seed + 1))
done
echo
# shellcheck disable=SC2086 # platform_flag is empty or two words
"$work/overhead" -plain "$plain" -protected "$protected" -logs "$work" $platform_flag "$@"
