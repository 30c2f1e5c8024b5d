package agent

import (
	"sync"
	"time"
)

// Event kinds.
const (
	KindAttack  = "attack"  // a rule matched (blocked or monitored)
	KindBlocked = "blocked" // a request stopped by a block list
	KindAuth    = "auth"    // TrackAuth: a login attempt
	KindCustom  = "custom"  // TrackEvent
	KindCSP     = "csp"     // a Content-Security-Policy violation report
)

// Event is one thing the platform must hear about. Everything in it has
// been scrubbed before it was queued.
type Event struct {
	Kind string
	Time time.Time

	// Attacks: the rule, where it matched and what was done.
	RuleID    string
	HookPoint string
	Action    string // "block" or "monitor"
	Severity  string // the rule's: "low", "medium", "high" or "critical"
	Evidence  Evidence
	Sink      string  // the sink argument (query, command, path, URL), scrubbed but for the input; RASP only
	Stack     []Frame // app frames of the protected call, RASP only

	// Request is a summary of the request in flight, if any.
	Request *RequestSummary

	// SDK events.
	Name       string         // TrackEvent's name, "login" for TrackAuth
	User       string         // the app's identifier of the user, as given (blocking by user needs it)
	Success    bool           // TrackAuth outcome
	Properties map[string]any // TrackEvent properties, CSP report fields
}

// Evidence is what matched: the request input that reached the sink and
// the detail the rule gives.
type Evidence struct {
	Source string // where the input came from, e.g. "query.id"
	Input  string
	Detail string
}

// Frame is one stack frame.
type Frame struct {
	Function string
	File     string
	Line     int
}

// RequestSummary is the part of a request sent with events, scrubbed and
// bounded (see summary).
type RequestSummary struct {
	Method    string
	Host      string
	Path      string
	Route     string
	Query     map[string][]string
	ClientIP  string
	UserAgent string
	User      string            // as given to Identify
	Headers   map[string]string // canonical name -> values joined by ", "
	Params    []Param           // the request's inputs (query, form, body), in order
}

// Param is one request input of a RequestSummary.
type Param struct {
	Source string // "query.id", "form.name", "body.user.name"
	Value  string
}

// queue is a bounded FIFO of events: when full, new events are dropped
// and counted.
//
// Its ring grows as events come, up to capacity, and is let go when a
// drain empties it. Allocated at capacity (1,000 events of 248 bytes by
// default) it was 248 KB of permanent heap holding pointers, a quarter of
// the agent's live heap, for a queue that is empty almost all the time:
// permanent heap makes the GC of a small app (heap goal 4 MB) run more
// often and mark more, a cost paid by every request (docs/PERFORMANCE.md).
type queue struct {
	mu       sync.Mutex
	buf      []Event // ring; len(buf) grows to capacity
	head, n  int
	capacity int
	dropped  uint64
}

// minQueueRing is the ring a queue starts with at its first event.
const minQueueRing = 16

func newQueue(capacity int) *queue {
	return &queue{capacity: max(capacity, 1)}
}

// push queues e and reports whether there was room.
func (q *queue) push(e Event) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.n == len(q.buf) && !q.grow() {
		q.dropped++
		return false
	}
	q.buf[(q.head+q.n)%len(q.buf)] = e
	q.n++
	return true
}

// grow doubles the full ring (at least minQueueRing, at most capacity),
// oldest event first, and reports whether there is room now.
func (q *queue) grow() bool {
	if len(q.buf) >= q.capacity {
		return false
	}
	buf := make([]Event, min(max(2*len(q.buf), minQueueRing), q.capacity))
	for i := range q.n {
		buf[i] = q.buf[(q.head+i)%len(q.buf)]
	}
	q.buf, q.head = buf, 0
	return true
}

// drain removes and returns up to maxN events, oldest first (all when
// maxN <= 0). A drain that empties the queue lets its ring go.
func (q *queue) drain(maxN int) []Event {
	q.mu.Lock()
	defer q.mu.Unlock()
	k := q.n
	if maxN > 0 && maxN < k {
		k = maxN
	}
	if k == 0 {
		return nil
	}
	out := make([]Event, k)
	for i := range out {
		j := (q.head + i) % len(q.buf)
		out[i] = q.buf[j]
		q.buf[j] = Event{}
	}
	q.head = (q.head + k) % len(q.buf)
	q.n -= k
	if q.n == 0 {
		q.buf, q.head = nil, 0
	}
	return out
}

// limiter is a token bucket: rate tokens a second, burst at most rate.
type limiter struct {
	mu     sync.Mutex
	rate   float64
	tokens float64
	last   time.Time
}

func newLimiter(perSecond int) *limiter {
	return &limiter{rate: float64(perSecond), tokens: float64(perSecond)}
}

// allow takes one token if there is one at now.
func (l *limiter) allow(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rate <= 0 {
		return true
	}
	if !l.last.IsZero() {
		l.tokens = min(l.rate, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	}
	l.last = now
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}
