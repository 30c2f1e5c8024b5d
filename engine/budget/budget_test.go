package budget

import (
	"sync"
	"testing"
	"time"
)

func TestBudget(t *testing.T) {
	tests := []struct {
		name          string
		limit         time.Duration
		spend         []time.Duration
		pending       time.Duration
		wantExhausted bool
		wantRemaining time.Duration
	}{
		{"fresh", time.Millisecond, nil, 0, false, time.Millisecond},
		{"partly spent", time.Millisecond, []time.Duration{300 * time.Microsecond}, 0, false, 700 * time.Microsecond},
		{"pending tips over", time.Millisecond, []time.Duration{600 * time.Microsecond}, 400 * time.Microsecond, true, 400 * time.Microsecond},
		{"exactly spent", time.Millisecond, []time.Duration{500 * time.Microsecond, 500 * time.Microsecond}, 0, true, 0},
		{"overspent", time.Millisecond, []time.Duration{3 * time.Millisecond}, 0, true, 0},
		{"negative spend ignored", time.Millisecond, []time.Duration{-time.Second}, 0, false, time.Millisecond},
		{"unlimited", 0, []time.Duration{time.Hour}, time.Hour, false, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(tt.limit)
			for _, d := range tt.spend {
				b.Spend(d)
			}
			if got := b.Exhausted(tt.pending); got != tt.wantExhausted {
				t.Errorf("Exhausted(%v) = %v, want %v", tt.pending, got, tt.wantExhausted)
			}
			if got := b.Remaining(); got != tt.wantRemaining {
				t.Errorf("Remaining() = %v, want %v", got, tt.wantRemaining)
			}
		})
	}
}

func TestNilBudgetIsUnlimited(t *testing.T) {
	var b *Budget
	b.Spend(time.Hour)
	b.Skip(3)
	if b.Exhausted(time.Hour) {
		t.Error("nil budget exhausted")
	}
	if b.Spent() != 0 || b.Skipped() != 0 || b.Limit() != 0 {
		t.Errorf("nil budget: spent %v skipped %d limit %v, want zeros", b.Spent(), b.Skipped(), b.Limit())
	}
}

func TestSkipCounts(t *testing.T) {
	b := New(time.Millisecond)
	b.Skip(2)
	b.Skip(0)
	b.Skip(-4)
	b.Skip(1)
	if got := b.Skipped(); got != 3 {
		t.Errorf("Skipped() = %d, want 3", got)
	}
}

func TestConcurrentSpend(t *testing.T) {
	b := New(time.Second)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				b.Spend(time.Microsecond)
			}
		}()
	}
	wg.Wait()
	if got := b.Spent(); got != 8*time.Millisecond {
		t.Errorf("Spent() = %v, want 8ms", got)
	}
}

func TestInitResets(t *testing.T) {
	var b Budget
	b.Init(time.Millisecond)
	b.Spend(2 * time.Millisecond)
	b.Skip(3)
	if !b.Exhausted(0) || b.Skipped() != 3 {
		t.Fatalf("before Init: exhausted %v, skipped %d; want true, 3", b.Exhausted(0), b.Skipped())
	}
	b.Init(5 * time.Millisecond)
	if b.Limit() != 5*time.Millisecond || b.Spent() != 0 || b.Skipped() != 0 || b.Exhausted(4*time.Millisecond) {
		t.Fatalf("after Init(5ms): limit %v, spent %v, skipped %d, exhausted(4ms) %v; want 5ms, 0, 0, false",
			b.Limit(), b.Spent(), b.Skipped(), b.Exhausted(4*time.Millisecond))
	}
	b.Init(0)
	if b.Limit() != 0 || b.Remaining() >= 0 {
		t.Fatalf("Init(0): limit %v, remaining %v; want unlimited", b.Limit(), b.Remaining())
	}
}

func BenchmarkExhausted(b *testing.B) {
	bud := New(Default)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		if !bud.Exhausted(time.Microsecond) {
			n++
		}
	}
	if n == 0 {
		b.Fatal("fresh budget reported exhausted")
	}
}
