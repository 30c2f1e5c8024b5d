//go:build !benchgcstats

package main

// printGCStats does nothing without -tags benchgcstats (see gcstats.go).
func printGCStats() {}
