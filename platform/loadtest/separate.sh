#!/bin/sh
# Runs the load test against a platform in its own process, so the
# platform's CPU and the generator's are reported apart (and, for a
# postgres:// database on this machine, PostgreSQL's processes' too).
#
#   platform/loadtest/separate.sh DB_URL [loadtest flags...]
#   platform/loadtest/separate.sh sqlite://load.db -rates 2500,5000,10000,15000 -step 40s
#
# DB_URL is passed to sqreen-platform --db (a sqlite:// file is created;
# a postgres:// database keeps the tables). Run it from the repository root.
# LOADTEST_SERVE_FLAGS adds flags to serve, e.g.
# LOADTEST_SERVE_FLAGS='--pprof-addr 127.0.0.1:6060' to profile the platform
# with go tool pprof http://127.0.0.1:6060/debug/pprof/profile?seconds=30.
set -eu
[ $# -ge 1 ] || { sed -n 2,13p "$0"; exit 2; }
db=$1
shift
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
pid=
go build -o "$dir/" ./cmd/sqreen-platform ./platform/loadtest
token=$("$dir/sqreen-platform" app create --db "$db" "load-$(date +%s)-$$" | sed -n 's/.*SQREEN_TOKEN=//p')
[ -n "$token" ] || { echo "separate.sh: no token from sqreen-platform app create" >&2; exit 1; }
grpc=127.0.0.1:${LOADTEST_GRPC_PORT:-19443}
"$dir/sqreen-platform" serve --db "$db" --grpc-addr "$grpc" --http-addr 127.0.0.1:${LOADTEST_HTTP_PORT:-18080} ${LOADTEST_SERVE_FLAGS:-} >"$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do
	curl -fs "http://127.0.0.1:${LOADTEST_HTTP_PORT:-18080}/healthz" >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
	sleep 0.2
done
echo "platform pid $pid on $grpc ($db)"
dbprocs=
case $db in postgres://* | postgresql://*) dbprocs="-db-procs postgres" ;; esac # a server on this machine
# shellcheck disable=SC2086 # dbprocs is empty or two words
"$dir/loadtest" -addr "$grpc" -token "$token" -platform-pid "$pid" $dbprocs "$@"
