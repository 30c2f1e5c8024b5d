package load

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketRoundTrip(t *testing.T) {
	values := []uint64{0, 1, 63, 64, 65, 127, 128, 129, 1000, 123_456, 1 << 40, math.MaxInt64}
	for _, v := range values {
		i := bucketOf(v)
		lo, hi := bucketRange(i)
		if v < lo || v > hi {
			t.Errorf("bucketOf(%d) = %d, range [%d, %d] misses it", v, i, lo, hi)
		}
		if i >= numBuckets {
			t.Errorf("bucketOf(%d) = %d, past numBuckets %d", v, i, numBuckets)
		}
		if lo > 0 && float64(hi-lo)/float64(lo) > 1.0/(1<<subBits) {
			t.Errorf("bucket %d [%d, %d] wider than the precision", i, lo, hi)
		}
	}
}

func FuzzBucket(f *testing.F) {
	f.Add(uint64(0))
	f.Add(uint64(64))
	f.Add(uint64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, v uint64) {
		v &= math.MaxInt64
		i := bucketOf(v)
		lo, hi := bucketRange(i)
		if i < 0 || i >= numBuckets || v < lo || v > hi {
			t.Fatalf("value %d: bucket %d [%d, %d]", v, i, lo, hi)
		}
		if i+1 < numBuckets {
			if nlo, _ := bucketRange(i + 1); nlo != hi+1 {
				t.Fatalf("buckets %d and %d not contiguous: %d then %d", i, i+1, hi, nlo)
			}
		}
	})
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		name   string
		values []time.Duration
		q      float64
		want   time.Duration
	}{
		{"empty", nil, 0.5, 0},
		{"one value", []time.Duration{300 * time.Microsecond}, 0.99, 300 * time.Microsecond},
		{"small exact values", []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5, 5},
		{"p0 is the minimum", []time.Duration{7, 3000, 9}, 0, 7},
		{"p100 is the maximum", []time.Duration{7, 3000, 9}, 1, 3000},
		{"q above 1 clamps", []time.Duration{7, 3000, 9}, 2, 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h Histogram
			for _, v := range tt.values {
				h.Record(v)
			}
			if got := h.Quantile(tt.q); got != tt.want {
				t.Errorf("Quantile(%v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// TestQuantileWithinPrecision compares quantiles of random latencies with
// the exact order statistics.
func TestQuantileWithinPrecision(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h Histogram
	var all []time.Duration
	for range 20_000 {
		// log-normal-ish around 300 us, with a tail
		v := time.Duration(300_000 * math.Exp(r.NormFloat64()*0.5))
		h.Record(v)
		all = append(all, v)
	}
	slices.Sort(all)
	for _, q := range []float64{0.01, 0.5, 0.9, 0.99, 0.999} {
		exact := all[int(math.Ceil(q*float64(len(all))))-1]
		got := h.Quantile(q)
		if rel := math.Abs(float64(got-exact)) / float64(exact); rel > 1.0/(1<<subBits) {
			t.Errorf("q%v: got %v, exact %v (%.2f%% off)", q, got, exact, rel*100)
		}
	}
	if h.Count() != uint64(len(all)) || h.Max() != all[len(all)-1] {
		t.Errorf("count %d max %v, want %d %v", h.Count(), h.Max(), len(all), all[len(all)-1])
	}
}

func TestMerge(t *testing.T) {
	var a, b, both Histogram
	for i := 1; i <= 100; i++ {
		d := time.Duration(i) * time.Microsecond
		if i%3 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
		both.Record(d)
	}
	var m Histogram
	m.Merge(&a)
	m.Merge(&b)
	m.Merge(&Histogram{})
	if m != both {
		t.Errorf("merged histogram differs: count %d mean %v, want %d %v", m.Count(), m.Mean(), both.Count(), both.Mean())
	}
	if got := m.Mean(); got != 50500*time.Nanosecond {
		t.Errorf("Mean = %v, want 50.5us", got)
	}
}

func BenchmarkRecord(b *testing.B) {
	b.ReportAllocs()
	var h Histogram
	for i := 0; b.Loop(); i++ {
		h.Record(time.Duration(i&0xfffff) * 7)
	}
}
