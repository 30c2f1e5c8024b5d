//go:build !linux

package rules

import (
	"testing"
	"time"
)

// processCPU is not measured outside Linux; benchmarks then report 0.
func processCPU(testing.TB) time.Duration { return 0 }
