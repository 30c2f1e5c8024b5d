#!/bin/sh
# Build overhead: bench/app built with `go build` and with
# `sqreen-build go build`: cold (empty temporary GOCACHE, the standard
# library included), warm rebuild with nothing changed, and binary size.
# The module cache (GOMODCACHE) is kept: downloads are not build time.
#
#   bench/build-overhead.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sqreen-bench-build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT INT TERM

sh "$root/bench/machine.sh"
echo
(cd "$root" && go build -o "$work/" ./cmd/sqreen-build)

# seconds CMD...: runs CMD in bench/app, prints its wall time in seconds.
seconds() {
	start=$(date +%s.%N)
	(cd "$root/bench/app" && "$@") >"$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
	end=$(date +%s.%N)
	echo "$start $end" | awk '{printf "%.2f", $2 - $1}'
}

for variant in plain protected; do
	cache="$work/cache-$variant"
	mkdir -p "$cache"
	if [ "$variant" = plain ]; then
		build="go build -o $work/app-$variant ."
	else
		build="$work/sqreen-build go build -o $work/app-$variant ."
	fi
	# shellcheck disable=SC2086 # build is a command line
	cold=$(GOCACHE=$cache seconds $build)
	# shellcheck disable=SC2086
	warm=$(GOCACHE=$cache seconds $build)
	size=$(wc -c <"$work/app-$variant")
	eval "cold_$variant=$cold warm_$variant=$warm size_$variant=$size"
	printf '%-10s cold %7ss   warm %6ss   binary %6.1f MB\n' "$variant" "$cold" "$warm" "$(echo "$size" | awk '{print $1/1e6}')"
done
echo
awk -v cp="$cold_plain" -v cs="$cold_protected" -v wp="$warm_plain" -v ws="$warm_protected" \
	-v sp="$size_plain" -v ss="$size_protected" 'BEGIN {
	printf "protected/plain: cold x%.2f, warm x%.2f, binary %+.1f%% (%+.1f MB)\n", cs/cp, ws/wp, (ss/sp-1)*100, (ss-sp)/1e6
}'
