package agent

import (
	"strconv"
	"testing"
	"time"
)

func TestQueueBoundedFIFO(t *testing.T) {
	q := newQueue(3)
	for i := range 5 {
		ok := q.push(Event{Name: string(rune('a' + i))})
		if ok != (i < 3) {
			t.Errorf("push %d = %v", i, ok)
		}
	}
	got := q.drain(2)
	if len(got) != 2 || got[0].Name != "a" || got[1].Name != "b" {
		t.Fatalf("drain(2) = %+v", got)
	}
	q.push(Event{Name: "f"})
	got = q.drain(0)
	if len(got) != 2 || got[0].Name != "c" || got[1].Name != "f" {
		t.Fatalf("drain(0) = %+v", got)
	}
	if q.drain(0) != nil || q.dropped != 2 {
		t.Errorf("queue not empty or dropped = %d, want 2", q.dropped)
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(10)
	start := time.Unix(1000, 0)
	allowed := 0
	for range 25 {
		if l.allow(start) {
			allowed++
		}
	}
	if allowed != 10 {
		t.Errorf("burst allowed %d, want 10", allowed)
	}
	if !l.allow(start.Add(150 * time.Millisecond)) {
		t.Error("no token after 150ms at 10/s")
	}
	if l.allow(start.Add(150 * time.Millisecond)) {
		t.Error("two tokens after 150ms at 10/s")
	}
}

func TestRateLimitedAttackEventsAreCounted(t *testing.T) {
	cfg := Defaults()
	cfg.EventsPerSecond = 2
	a := New(cfg)
	now := time.Now()
	for range 5 {
		if a.limiter.allow(now) {
			a.queue(Event{Kind: KindAttack})
		} else {
			a.metrics.add(CounterEventsLimited, 1)
		}
	}
	if n := len(a.DrainEvents(0)); n != 2 {
		t.Errorf("%d events queued, want 2", n)
	}
	if n := a.MetricsSnapshot(true).Counters[CounterEventsLimited]; n != 3 {
		t.Errorf("rate-limited counter = %d, want 3", n)
	}
}

// The ring grows on demand, keeps FIFO order across growth and
// wrap-around, never holds more than its capacity, and is let go once a
// drain empties it (no permanent heap for an idle queue).
func TestQueueGrowsAndLetsGo(t *testing.T) {
	q := newQueue(40)
	if q.buf != nil {
		t.Fatalf("new queue holds a ring of %d events, want none before the first event", len(q.buf))
	}
	next, want := 0, 0
	push := func(k int) {
		for range k {
			if !q.push(Event{Name: strconv.Itoa(next)}) {
				t.Fatalf("push %d refused with %d queued, capacity 40", next, q.n)
			}
			next++
		}
	}
	check := func(got []Event) {
		for _, e := range got {
			if e.Name != strconv.Itoa(want) {
				t.Fatalf("drained event %s, want %d (FIFO)", e.Name, want)
			}
			want++
		}
	}
	push(10)
	check(q.drain(7)) // head moves: the next growth starts mid-ring
	push(30)          // 33 queued: grows 16 -> 32 -> 40 around the wrap
	if len(q.buf) > 40 {
		t.Fatalf("ring of %d events, capacity 40", len(q.buf))
	}
	push(7) // 40 queued: full
	if q.push(Event{Name: "over"}) || q.dropped != 1 {
		t.Fatalf("push past capacity accepted or not counted (dropped %d)", q.dropped)
	}
	check(q.drain(15))
	push(15)
	check(q.drain(0))
	if want != next {
		t.Fatalf("drained %d events, pushed %d", want, next)
	}
	if q.buf != nil || q.n != 0 {
		t.Fatalf("empty queue keeps a ring of %d events (n=%d)", len(q.buf), q.n)
	}
}
