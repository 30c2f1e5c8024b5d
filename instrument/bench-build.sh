#!/bin/sh
# bench-build.sh: build cost of sqreen-build on a toy app (net/http,
# database/sql, os/exec, text/template), against plain go build.
#
#   instrument/bench-build.sh            # toy app written to a temp folder
#   instrument/bench-build.sh path/app   # an existing module (copied first)
#
# Cold builds use an empty GOCACHE of their own (only to measure); warm
# builds rerun the same command with nothing changed. Prints one line per
# measure and the ratios the issue asks for: cold <= 1.3x, warm <= plain +
# 0.3 s, size <= +40 %.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT

go build -o "$tmp/bin/sqreen-build" "$repo/cmd/sqreen-build"
export PATH="$tmp/bin:$PATH" SQREEN_RUNTIME_DIR="$repo/runtime" GOFLAGS=-buildvcs=false

app="$tmp/app"
if [ $# -gt 0 ]; then
	cp -R "$1" "$app"
else
	mkdir -p "$app"
	cat >"$app/go.mod" <<'MOD'
module example.com/benchapp

go 1.26
MOD
	cat >"$app/main.go" <<'SRC'
package main

import (
	"database/sql"
	"net/http"
	"os"
	"os/exec"
	"text/template"
)

func main() {
	db, _ := sql.Open("none", "")
	t := template.Must(template.New("t").Parse("{{.}}"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		os.ReadFile(r.URL.Path)
		exec.Command("true").Run()
		db.QueryContext(r.Context(), "SELECT 1")
		t.Execute(w, r.URL.Query().Get("q"))
	})
	http.ListenAndServe("127.0.0.1:0", nil)
}
SRC
fi
cd "$app"
sqreen-build pin >/dev/null

now() { date +%s.%N; }
measure() { # label, command...
	label=$1
	shift
	start=$(now)
	"$@" >/dev/null 2>&1
	end=$(now)
	t=$(echo "$end - $start" | bc)
	echo "$label $t"
}

cold_plain=$(GOCACHE="$tmp/cache-plain" measure cold-plain go build -o plain . | cut -d' ' -f2)
cold_inst=$(GOCACHE="$tmp/cache-inst" measure cold-sqreen sqreen-build go build -o inst . | cut -d' ' -f2)
warm_plain=$(GOCACHE="$tmp/cache-plain" measure warm-plain go build -o plain . | cut -d' ' -f2)
warm_inst=$(GOCACHE="$tmp/cache-inst" measure warm-sqreen sqreen-build go build -o inst . | cut -d' ' -f2)
size_plain=$(wc -c <plain)
size_inst=$(wc -c <inst)

printf 'cold  plain %6.2f s  sqreen %6.2f s  ratio %.2fx (goal <= 1.30x)\n' "$cold_plain" "$cold_inst" "$(echo "$cold_inst / $cold_plain" | bc -l)"
printf 'warm  plain %6.2f s  sqreen %6.2f s  extra %.2f s (goal <= 0.30 s)\n' "$warm_plain" "$warm_inst" "$(echo "$warm_inst - $warm_plain" | bc -l)"
printf 'size  plain %9d B  sqreen %9d B  extra %.1f %% (goal <= 40 %%)\n' "$size_plain" "$size_inst" "$(echo "($size_inst - $size_plain) * 100 / $size_plain" | bc -l)"
