package waf

import (
	"strings"
	"testing"
)

// BenchmarkDetectXSSLong runs DetectXSS on values of 64 KB and 1 MB made
// of one repeated construct (xssLongValues). The time is linear when the
// throughput (MB/s) is the same at both sizes.
func BenchmarkDetectXSSLong(b *testing.B) {
	for _, v := range xssLongValues {
		for _, size := range []int{64 << 10, 1 << 20} {
			s := strings.Repeat(v.unit, size/len(v.unit))
			b.Run(v.name+"/"+sizeName(size), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				b.ReportAllocs()
				for b.Loop() {
					DetectXSS(s)
				}
			})
		}
	}
}

func sizeName(n int) string {
	if n >= 1<<20 {
		return "1MB"
	}
	return "64KB"
}
