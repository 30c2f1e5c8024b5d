# The in-app part (engine/, runtime/) and the tools (the root module) are
# separate Go modules; every target runs over all of them.
MODULES := engine runtime .
GO ?= go

.PHONY: test vet demo demo-ci build

## test: vet and test every module (what CI runs)
test: vet
	@set -e; for m in $(MODULES); do echo "== go test ($$m)"; (cd $$m && $(GO) test -timeout 30m ./...); done

vet:
	@set -e; for m in $(MODULES); do echo "== go vet ($$m)"; (cd $$m && $(GO) vet ./...); done

## demo: build everything, run the bookstore protected and connected to the
## platform, attack it, print what was blocked and the dashboard's address
demo:
	$(GO) run ./examples/demo

## demo-ci: the same, non-interactive (exits after the tour)
demo-ci:
	$(GO) run ./examples/demo -ci

build:
	@mkdir -p bin
	$(GO) build -o bin/ ./cmd/...

.PHONY: bench bench-build bench-footprint

## bench: request overhead of the bench app, plain vs sqreen-build, side by
## side on loopback (bench/request-overhead.sh; BENCH_FLAGS e.g. -rounds 3)
bench:
	sh bench/request-overhead.sh $(BENCH_FLAGS)

## bench-build: cold and warm build time and binary size, plain vs
## sqreen-build (bench/build-overhead.sh). Engine and runtime
## micro-benchmarks: sh bench/micro.sh
bench-build:
	sh bench/build-overhead.sh

## bench-footprint: cache lines of sqreen's code and data one protected
## request reads from memory when nothing is cached (bench/footprint.sh;
## needs valgrind; deterministic, unlike timings; BENCH_FOOTPRINT_FLAGS
## e.g. -layouts 2 -inclusive, or -layouts 1 -pages for 4 KB pages)
bench-footprint:
	sh bench/footprint.sh $(BENCH_FOOTPRINT_FLAGS)
