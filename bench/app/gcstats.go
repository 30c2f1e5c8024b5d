//go:build benchgcstats

package main

import (
	"log"
	"runtime"
	"runtime/metrics"
)

// printGCStats logs what the garbage collector scans on each cycle after
// a full collection (the live scannable heap, the globals and the stacks)
// and the cycles run so far: what permanent memory, the agent's for the
// protected build, costs every cycle; and what was allocated in all,
// which divided by the requests served is the garbage each request makes.
func printGCStats() {
	runtime.GC()
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/scan/heap:bytes"}, {Name: "/gc/scan/globals:bytes"},
		{Name: "/gc/scan/stack:bytes"}, {Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"},
		{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/allocs:objects"}}
	metrics.Read(s)
	v := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	log.Printf("app: gc: scan heap %d B, globals %d B, stacks %d B; live heap %d B; %d cycles; allocated %d B in %d objects",
		v(0), v(1), v(2), v(3), v(4), v(5), v(6))
}
