package agent

import (
	"math/bits"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/engine/stripe"
)

// histBuckets is the number of buckets of a Histogram: bucket i counts
// durations in [2^(i-1), 2^i) microseconds-ish (nanoseconds >> 7), so the
// last bucket starts at about 2 s.
const histBuckets = 24

// Histogram counts durations in fixed power-of-two buckets; Record is one
// atomic add, to the buckets of the caller's stripe (see package stripe:
// every check records its time, from requests on every core). Quantiles are read back with at most a factor 2 of error,
// enough to tell 5 µs from 500 µs.
type Histogram struct {
	counts stripe.Set[[histBuckets]atomic.Uint64]
}

func bucketOf(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	b := bits.Len64(uint64(d) >> 7) // 128 ns units
	return min(b, histBuckets-1)
}

// bucketUpper is the upper bound of bucket i.
func bucketUpper(i int) time.Duration { return time.Duration(uint64(128) << uint(i)) }

// Record counts one duration.
func (h *Histogram) Record(d time.Duration) { h.counts.Local()[bucketOf(d)].Add(1) }

// snapshot copies the counts, zeroing them when reset is set.
func (h *Histogram) snapshot(reset bool) [histBuckets]uint64 {
	var c [histBuckets]uint64
	for s := range stripe.Stripes {
		counts := h.counts.At(s)
		for i := range counts {
			if reset {
				c[i] += counts[i].Swap(0)
			} else {
				c[i] += counts[i].Load()
			}
		}
	}
	return c
}

// quantile returns the upper bound of the bucket holding quantile q.
func quantile(c [histBuckets]uint64, q float64) time.Duration {
	var total uint64
	for _, n := range c {
		total += n
	}
	if total == 0 {
		return 0
	}
	rank := uint64(q*float64(total) + 0.5)
	rank = max(rank, 1)
	var seen uint64
	for i, n := range c {
		seen += n
		if seen >= rank {
			return bucketUpper(i)
		}
	}
	return bucketUpper(histBuckets - 1)
}

// Counter names of Metrics.Counters.
const (
	CounterRequests       = "requests"
	CounterBlocked        = "requests.blocked"
	CounterBudgetOverruns = "budget.overruns"
	CounterChecksSkipped  = "checks.skipped"
	CounterPanics         = "panics.recovered"
	CounterEventsDropped  = "events.dropped"
	CounterEventsLimited  = "events.rate_limited"
	CounterBodyUnparsed   = "body.unparsed"
	CounterConfigErrors   = "config.errors"
	CounterNotFoundLost   = "not_found.unattributed" // 404s of IPs beyond MaxNotFoundIPs
	CounterConstantSinks  = "sinks.constant"         // sink calls left unchecked: a constant of the program (see ConstantUnmatched)
)

// MaxNotFoundIPs bounds the client IPs whose 404 responses are counted in
// one metrics period (a heartbeat interval); the platform accepts 1024.
// 404s of further IPs are only counted in CounterNotFoundLost: a scanner
// seen first in a period is never crowded out by the ones that follow.
const MaxNotFoundIPs = 1000

// metrics is the agent's live counters and histograms.
type metrics struct {
	// What requests add to, first: one cache line (metrics is 128 bytes,
	// a size class that keeps blocks 64-byte aligned).
	hot   *hotStripes                 // see hotCounts; the Agent keeps it too
	fixed [len(fixedHooks)]*Histogram // of fixedHooks, by index; never written after newMetrics

	mu       sync.Mutex
	counters map[string]*stripe.Counter
	hooks    map[string]*Histogram
	since    time.Time
	notFound map[netip.Addr]uint64 // 404 responses by client IP, under mu
}

func newMetrics() *metrics {
	m := &metrics{counters: map[string]*stripe.Counter{}, hooks: map[string]*Histogram{}, since: time.Now(),
		notFound: map[netip.Addr]uint64{}}
	for i, p := range fixedHooks {
		h := new(Histogram)
		m.fixed[i] = h
		m.hooks[string(p)] = h
	}
	for _, name := range []string{CounterRequests, CounterBlocked, CounterBudgetOverruns, CounterChecksSkipped,
		CounterPanics, CounterEventsDropped, CounterEventsLimited, CounterBodyUnparsed, CounterConfigErrors, CounterNotFoundLost,
		CounterConstantSinks} {
		m.counters[name] = new(stripe.Counter)
	}
	m.hot = new(hotStripes)
	return m
}

// hotCounts are what a request of a typical app adds to, in one line of
// its stripe: the request (CounterRequests), its request rules decided
// without a clock read (a zero-duration check of the request hook: see
// decided) and its constant sinks (CounterConstantSinks, about one per
// query). As three counters apart they were three lines, cold at every
// request (see bench/footprint). snapshot adds them to the counters and
// the histogram they stand for. 64 bytes: with the stripe's padding, a
// stripe is two whole lines of the Set's 1,024-byte block.
type hotCounts struct {
	requests, requestDecided, constant atomic.Uint64
	_                                  [40]byte
}

// hotStripes are the stripes of hotCounts. The agent keeps a pointer to
// them beside metrics', which a request then does not read: one page of
// data fewer per request, with nothing cached (bench/footprint -pages).
type hotStripes struct{ stripe.Set[hotCounts] }

// addRequest counts a protected request.
func (h *hotStripes) addRequest() { h.Local().requests.Add(1) }

// addRequestDecided counts a request whose request rules were decided
// without running them: snapshot records them as zero-duration checks of
// the request hook.
func (h *hotStripes) addRequestDecided() { h.Local().requestDecided.Add(1) }

// addConstant counts a constant sink left unchecked.
func (h *hotStripes) addConstant() { h.Local().constant.Add(1) }

// takeHot sums hotCounts over the stripes, zeroing them when reset is set.
func (m *metrics) takeHot(reset bool) (requests, requestDecided, constant uint64) {
	for i := range stripe.Stripes {
		h := m.hot.At(i)
		if reset {
			requests += h.requests.Swap(0)
			requestDecided += h.requestDecided.Swap(0)
			constant += h.constant.Swap(0)
		} else {
			requests += h.requests.Load()
			requestDecided += h.requestDecided.Load()
			constant += h.constant.Load()
		}
	}
	return requests, requestDecided, constant
}

// fixedHooks are the hook points whose histograms exist from the start.
var fixedHooks = [...]rules.HookPoint{rules.RequestHook, rules.SQL, rules.Shell, rules.File, rules.HTTPClient, rules.Template, rules.Response}

// fixedIndex returns the index of point in fixedHooks, or -1: a switch,
// cheaper than hashing the name on every check.
func fixedIndex(point string) int {
	switch rules.HookPoint(point) {
	case rules.RequestHook:
		return 0
	case rules.SQL:
		return 1
	case rules.Shell:
		return 2
	case rules.File:
		return 3
	case rules.HTTPClient:
		return 4
	case rules.Template:
		return 5
	case rules.Response:
		return 6
	}
	return -1
}

// add increments a counter; only the names above exist.
func (m *metrics) add(name string, n uint64) {
	if c := m.counters[name]; c != nil {
		c.Add(int64(n))
	}
}

// addNotFound counts one 404 response sent to ip (an invalid ip, a request
// whose client is unknown, is not counted).
func (m *metrics) addNotFound(ip netip.Addr) {
	if !ip.IsValid() {
		return
	}
	ip = ip.Unmap()
	m.mu.Lock()
	n, ok := m.notFound[ip]
	counted := ok || len(m.notFound) < MaxNotFoundIPs
	if counted {
		m.notFound[ip] = n + 1
	}
	m.mu.Unlock()
	if !counted {
		m.add(CounterNotFoundLost, 1)
	}
}

// hook returns the histogram of a hook point, creating it once. The known
// hook points have theirs from the start, read without locking.
func (m *metrics) hook(point string) *Histogram {
	if i := fixedIndex(point); i >= 0 {
		return m.fixed[i]
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.hooks[point]
	if h == nil {
		h = new(Histogram)
		m.hooks[point] = h
	}
	return h
}

// decided records a sink's check decided without a clock read, as a zero
// duration. The request hook's, on every request, go to the hot stripes
// instead (hotStripes.addRequestDecided), without a histogram looked up
// by name.
func (m *metrics) decided(h rules.HookPoint) { m.hook(string(h)).Record(0) }

// Metrics is a snapshot of the agent's metrics over a period.
type Metrics struct {
	// Start and End bound the period.
	Start, End time.Time
	// Counters by name (the Counter* constants).
	Counters map[string]uint64
	// Hooks is the time spent in checks, by hook point.
	Hooks map[string]HookTiming
	// NotFound counts 404 responses by client IP (at most MaxNotFoundIPs).
	NotFound map[netip.Addr]uint64
}

// HookTiming summarises the time spent by checks of one hook point.
type HookTiming struct {
	Count    uint64
	P50, P99 time.Duration
}

func (m *metrics) snapshot(reset bool) Metrics {
	now := time.Now()
	out := Metrics{Counters: map[string]uint64{}, Hooks: map[string]HookTiming{}, End: now}
	m.mu.Lock()
	out.Start = m.since
	if reset {
		m.since = now
	}
	if len(m.notFound) > 0 {
		out.NotFound = make(map[netip.Addr]uint64, len(m.notFound))
		for ip, n := range m.notFound {
			out.NotFound[ip] = n
		}
		if reset {
			clear(m.notFound)
		}
	}
	hooks := make(map[string]*Histogram, len(m.hooks))
	for k, h := range m.hooks {
		hooks[k] = h
	}
	m.mu.Unlock()
	for name, c := range m.counters {
		if reset {
			out.Counters[name] = uint64(c.Swap())
		} else {
			out.Counters[name] = uint64(c.Load())
		}
	}
	requests, requestDecided, constant := m.takeHot(reset)
	out.Counters[CounterRequests] += requests
	out.Counters[CounterConstantSinks] += constant
	for point, h := range hooks {
		c := h.snapshot(reset)
		if point == string(rules.RequestHook) {
			c[bucketOf(0)] += requestDecided
		}
		var n uint64
		for _, x := range c {
			n += x
		}
		if n == 0 {
			continue
		}
		out.Hooks[point] = HookTiming{Count: n, P50: quantile(c, 0.5), P99: quantile(c, 0.99)}
	}
	return out
}
