#!/bin/sh
# Footprint: the cache lines of code and data sqreen's own functions read
# from memory per protected request when nothing of the previous request
# is cached (runtime/hooks' BenchmarkRequestCold/dram under Valgrind's
# cachegrind; see bench/footprint). Deterministic: use it to tell whether
# a change shrinks what a request touches, which timings on a shared
# machine cannot resolve.
#
#   bench/footprint.sh [-top N] [-n1 N] [-n2 N]
#
# Needs valgrind (apt-get install valgrind). Runs from any folder.
set -eu
command -v valgrind >/dev/null 2>&1 || { echo "footprint.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sqreen-footprint.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
(cd "$root/runtime/hooks" && go test -c -o "$work/hooks.test" .)
(cd "$root" && go run ./bench/footprint -bin "$work/hooks.test" "$@")
