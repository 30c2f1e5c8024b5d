#!/bin/sh
# Request overhead: the bench app (bench/app: 3 SQLite queries and an
# html/template page per request) built with `go build` and with
# `sqreen-build go build`, run side by side on loopback under the same
# closed-loop load, alternating plain/protected runs (see bench/overhead).
# The protected app reports to a sqreen-platform on SQLite when the
# platform builds and starts; otherwise the run says so and the app uses
# the embedded default rules.
#
#   bench/request-overhead.sh [overhead flags]    e.g. -rounds 3 -d 15s -c 8
#
# Runs from any folder; builds into a temporary folder removed at exit.
set -eu
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
echo
# shellcheck disable=SC2086 # platform_flag is empty or two words
"$work/overhead" -plain "$work/app-plain" -protected "$work/app-protected" -logs "$work" $platform_flag "$@"
