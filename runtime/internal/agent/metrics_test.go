package agent

import (
	"testing"
	"time"
)

func TestHistogramQuantiles(t *testing.T) {
	var h Histogram
	for range 98 {
		h.Record(3 * time.Microsecond)
	}
	h.Record(900 * time.Microsecond)
	h.Record(900 * time.Microsecond)
	c := h.snapshot(false)
	p50, p99 := quantile(c, 0.5), quantile(c, 0.99)
	if p50 < 3*time.Microsecond || p50 > 6*time.Microsecond {
		t.Errorf("p50 = %v, want within a factor 2 above 3µs", p50)
	}
	if p99 < 900*time.Microsecond || p99 > 1800*time.Microsecond {
		t.Errorf("p99 = %v, want within a factor 2 above 900µs", p99)
	}
	if quantile([histBuckets]uint64{}, 0.5) != 0 {
		t.Error("quantile of nothing is not 0")
	}
}

func TestMetricsSnapshotReset(t *testing.T) {
	m := newMetrics()
	m.add(CounterRequests, 3)
	m.add("no such counter", 1)
	m.hook("sql").Record(time.Microsecond)
	s := m.snapshot(true)
	if s.Counters[CounterRequests] != 3 || s.Hooks["sql"].Count != 1 {
		t.Errorf("snapshot = %+v", s)
	}
	if _, ok := s.Counters["no such counter"]; ok {
		t.Error("unknown counter created")
	}
	s = m.snapshot(false)
	if s.Counters[CounterRequests] != 0 || len(s.Hooks) != 0 {
		t.Errorf("after reset: %+v", s)
	}
}
