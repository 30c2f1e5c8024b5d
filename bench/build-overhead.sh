#!/bin/sh
# Build overhead: bench/app built with `go build` and with
# `sqreen-build go build`: cold (empty temporary GOCACHE, the standard
# library included), warm rebuild with nothing changed, and binary size.
# The module cache (GOMODCACHE) is kept: downloads are not build time.
# Then what the protected binary adds, by module: code size from the
# symbol table (the binary grows about 3x that, with pclntab, DWARF and
# rodata).
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

# text_by_module BINARY: code size (bytes) per module (std: the standard
# library), from the symbol table.
text_by_module() {
	go tool nm -size "$1" | awk '$3 == "T" || $3 == "t" {
		name = $4
		sub(/^go:/, "", name); sub(/^type:/, "", name)
		sub(/[\(\[].*/, "", name)
		n = split(name, p, "/")
		sub(/\..*$/, "", p[n])
		if (n == 1 || index(p[1], ".") == 0) { key = "std" }
		else if (p[1] == "github.com") { key = p[1] "/" p[2] "/" p[3] }
		else { key = p[1] "/" p[2] }
		size[key] += $2
	} END { for (k in size) print k, size[k] }' | sort
}
echo
echo "code added by the protected build, by module (MB, > 10 kB):"
text_by_module "$work/app-plain" >"$work/text-plain"
text_by_module "$work/app-protected" >"$work/text-protected"
join -a2 -e0 -o 0,1.2,2.2 "$work/text-plain" "$work/text-protected" |
	awk '{ d = $3 - $2; t += d; if (d > 10000) printf "%8.3f  %s\n", d / 1e6, $1 } END { printf "%8.3f  total\n", t / 1e6 }' | sort -rn
