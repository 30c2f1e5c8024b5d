package main

import (
	"runtime"
	"testing"
)

func TestHoldLiveHeap(t *testing.T) {
	t.Setenv("BENCH_LIVE_MB", "lots")
	if err := holdLiveHeap(); err == nil {
		t.Fatal("BENCH_LIVE_MB=lots: no error")
	}
	t.Setenv("BENCH_LIVE_MB", "8")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := holdLiveHeap(); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if live < 6<<20 || live > 10<<20 {
		t.Errorf("BENCH_LIVE_MB=8 keeps %.1f MB live; want about 8", float64(live)/(1<<20))
	}
	liveSet = nil
}
