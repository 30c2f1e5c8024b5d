package stripe

import (
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

func TestCounterSumsConcurrentAdds(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				c.Add(int64(g))
			}
		}()
	}
	wg.Wait()
	if got, want := c.Load(), int64(1000*(15*16/2)); got != want {
		t.Fatalf("Load = %d, want %d", got, want)
	}
}

func TestSwapLosesNothing(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	var stop atomic.Bool
	var swapped int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			swapped += c.Swap()
		}
	}()
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5000 {
				c.Add(1)
			}
		}()
	}
	wg.Wait()
	stop.Store(true)
	<-done
	if got := swapped + c.Load(); got != 8*5000 {
		t.Fatalf("swapped %d + left %d = %d, want %d", swapped, c.Load(), got, 8*5000)
	}
}

// A goroutine may add on one stripe and take back on another (its stack
// moved): the sum is still right.
func TestNegativeStripes(t *testing.T) {
	var c Counter
	c.s.At(0).Add(5)
	c.s.At(3).Add(-5)
	c.Add(2)
	if got := c.Load(); got != 2 {
		t.Fatalf("Load = %d, want 2", got)
	}
}

func TestStripesAreCacheLinesApart(t *testing.T) {
	var s Set[atomic.Int64]
	for i := 1; i < Stripes; i++ {
		d := uintptr(unsafe.Pointer(s.At(i))) - uintptr(unsafe.Pointer(s.At(i-1)))
		if d < 64+8 {
			t.Fatalf("stripes %d and %d are %d bytes apart, want a cache line between them", i-1, i, d)
		}
	}
}

// Goroutines running at once must not all land on one stripe: with a
// constant or badly mixed index every add would fight over one line
// again.
func TestGoroutinesSpreadOverStripes(t *testing.T) {
	seen := make(chan int, 64)
	var start, wg sync.WaitGroup
	start.Add(1)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait() // all alive at once, each with its own stack
			seen <- index()
		}()
	}
	start.Done()
	wg.Wait()
	close(seen)
	used := map[int]bool{}
	for i := range seen {
		if i < 0 || i >= Stripes {
			t.Fatalf("index %d out of range", i)
		}
		used[i] = true
	}
	if len(used) < Stripes/2 {
		t.Fatalf("64 goroutines used %d of %d stripes", len(used), Stripes)
	}
}

// Stacks of one size sit next to each other: any stride of stacks must
// spread over the stripes, or goroutines on two cores would often share
// one.
func TestStridesSpreadOverStripes(t *testing.T) {
	for stride := uintptr(2 << 10); stride <= 1<<20; stride <<= 1 {
		base := uintptr(0xc000100000)
		collide := 0
		used := map[int]bool{}
		for k := uintptr(0); k < 256; k++ {
			i := stripeOf(base + k*stride)
			used[i] = true
			if i == stripeOf(base+(k+1)*stride) {
				collide++
			}
		}
		if len(used) != Stripes {
			t.Errorf("stride %d: %d of %d stripes used", stride, len(used), Stripes)
		}
		// Neighbours share a stripe 1 time in 8 by chance: 32 of 256.
		if collide > 64 {
			t.Errorf("stride %d: %d of 256 neighbouring stacks share a stripe", stride, collide)
		}
	}
}

func TestLocalIsStableOnOneStack(t *testing.T) {
	var s Set[atomic.Int64]
	if s.Local() != s.Local() {
		t.Fatal("one goroutine, same frame depth: two stripes")
	}
}

// The cost the package exists for: adds from goroutines on every core
// to one word (Shared) or to a Counter (Striped), with a little work in
// between as requests have.
func BenchmarkAdd(b *testing.B) {
	work := func(n int) int {
		s := 0
		for i := range n {
			s += i * i
		}
		return s
	}
	var shared atomic.Int64
	var c Counter
	var sink atomic.Int64
	b.Run("Shared", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			s := 0
			for pb.Next() {
				s += work(50)
				shared.Add(1)
			}
			sink.Add(int64(s))
		})
	})
	b.Run("Striped", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			s := 0
			for pb.Next() {
				s += work(50)
				c.Add(1)
			}
			sink.Add(int64(s))
		})
	})
}
