//go:build linux

package rules

import (
	"syscall"
	"testing"
	"time"
)

// processCPU returns the CPU time the process has used. Benchmarks report
// it per operation beside ns/op because the shared build machine's wall
// clock includes time spent waiting for a CPU.
func processCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
