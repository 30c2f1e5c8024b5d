package playbook

import (
	"cmp"
	"slices"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
)

// A tally holds per-minute event counts in memory, per app, subject,
// subject value and metric, for the windows the playbooks read. It is
// exact at minute granularity: a window w asked at time now counts the
// events whose time is at or after the start of the minute holding
// now-w (windowStart), which is what Store.Aggregate returns for that
// since. Events with a time in the future count in every window, as in
// Store.Aggregate.
//
// Memory: a map entry per (app, subject, value) of about 100 bytes plus
// the value's length, and 24 bytes per minute in which that value had
// events, within the subject's horizon: at most 24 B x 1,441 (35 KB) for
// a value active every minute of a 24 h horizon. Buckets older than the
// horizon are dropped.
type tally struct {
	// horizon per subject: the longest window kept (0: subject not kept).
	horizon map[string]time.Duration
	series  map[seriesKey]map[string][]bucket
}

type seriesKey struct {
	app     int64
	subject string
}

// bucket counts one minute of one subject value, by metricIndex.
type bucket struct {
	minute int64 // Unix minute
	n      [4]uint32
}

// metricIndex maps the event metrics to a bucket's counters.
var metricIndex = map[string]int{store.MetricEvents: 0, store.MetricAttacks: 1,
	store.MetricAuthFailures: 2, store.MetricAuthSuccess: 3}

// tallied reports whether the tally counts a metric (not_found comes from
// the store's per-minute ip_rollups).
func tallied(metric string) bool { _, ok := metricIndex[metric]; return ok }

// subjects lists what an event counts for: the subject and its value
// ("" for the app). Empty IPs, users and paths count for none.
func subjects(e *store.ScannedEvent) [4]struct{ subject, value string } {
	return [4]struct{ subject, value string }{{store.SubjectApp, ""}, {store.SubjectIP, e.ClientIP},
		{store.SubjectUser, e.UserName}, {store.SubjectEndpoint, e.Path}}
}

func newTally(horizon map[string]time.Duration) *tally {
	return &tally{horizon: horizon, series: map[seriesKey]map[string][]bucket{}}
}

func unixMinute(ms int64) int64 {
	m := ms / 60000
	if ms < 0 && ms%60000 != 0 {
		m--
	}
	return m
}

// windowStart is the first minute (Unix minute) a window asked at now counts.
func windowStart(now time.Time, window time.Duration) int64 {
	return unixMinute(now.Add(-window).UnixMilli())
}

// add counts one event, unless it is older than every window that can ask.
func (t *tally) add(e *store.ScannedEvent, now time.Time) {
	minute := unixMinute(e.Time)
	for _, s := range subjects(e) {
		h := t.horizon[s.subject]
		if h == 0 || (s.value == "" && s.subject != store.SubjectApp) || minute < windowStart(now, h) {
			continue
		}
		k := seriesKey{e.AppID, s.subject}
		values := t.series[k]
		if values == nil {
			values = map[string][]bucket{}
			t.series[k] = values
		}
		values[s.value] = count(values[s.value], minute, e.Class)
	}
}

// count adds an event of a class at a minute to sorted buckets.
func count(bs []bucket, minute int64, class store.EventClass) []bucket {
	i := len(bs) - 1
	switch {
	case i < 0 || bs[i].minute < minute:
		bs = append(bs, bucket{minute: minute})
		i++
	case bs[i].minute > minute: // an older minute: late or out of order
		var found bool
		i, found = slices.BinarySearchFunc(bs, minute, byMinute)
		if !found {
			bs = slices.Insert(bs, i, bucket{minute: minute})
		}
	}
	b := &bs[i]
	b.n[0]++
	switch class {
	case store.ClassAttack:
		b.n[1]++
	case store.ClassAuthFailure:
		b.n[2]++
	case store.ClassAuthSuccess:
		b.n[3]++
	}
	return bs
}

func byMinute(b bucket, minute int64) int { return cmp.Compare(b.minute, minute) }

// sum returns a metric of an app's subject per value over the minutes
// from `from` on; values counting 0 are left out.
func (t *tally) sum(app int64, subject, metric string, from int64) map[string]int64 {
	idx := metricIndex[metric]
	out := map[string]int64{}
	for v, bs := range t.series[seriesKey{app, subject}] {
		var n int64
		for i := len(bs) - 1; i >= 0 && bs[i].minute >= from; i-- {
			n += int64(bs[i].n[idx])
		}
		if n > 0 {
			out[v] = n
		}
	}
	return out
}

// prune drops the buckets that no window can read any more, and the
// values and subjects left empty.
func (t *tally) prune(now time.Time) {
	for k, values := range t.series {
		h := t.horizon[k.subject]
		if h == 0 {
			delete(t.series, k)
			continue
		}
		start := windowStart(now, h)
		for v, bs := range values {
			i, _ := slices.BinarySearchFunc(bs, start, byMinute)
			switch {
			case i == len(bs):
				delete(values, v)
			case i > 0:
				values[v] = slices.Delete(bs, 0, i)
			}
		}
		if len(values) == 0 {
			delete(t.series, k)
		}
	}
}
