package memory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// AddEvent stores an event as an agent would report it; an empty ID is
// filled in. It returns the stored event.
func (m *Backend) AddEvent(e backend.Event) backend.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e.ID == "" {
		e.ID = m.nextID("ev")
	}
	if e.Time.IsZero() {
		e.Time = m.opts.Now()
	}
	m.events = append(m.events, e)
	return e
}

func matchEvent(e backend.Event, f backend.EventFilter) bool {
	return (f.AppID == "" || e.AppID == f.AppID) &&
		(f.Kind == "" || e.Kind == f.Kind) &&
		(f.Action == "" || e.Action == f.Action) &&
		(f.IP == "" || e.IP == f.IP) &&
		(f.Path == "" || strings.HasPrefix(e.Request.Path, f.Path)) &&
		(f.Since.IsZero() || !e.Time.Before(f.Since)) &&
		(f.Until.IsZero() || e.Time.Before(f.Until))
}

// matching returns the events matching f, newest first. m.mu must be held.
func (m *Backend) matching(f backend.EventFilter) []backend.Event {
	var out []backend.Event
	for i := len(m.events) - 1; i >= 0; i-- {
		if matchEvent(m.events[i], f) {
			out = append(out, m.events[i])
		}
	}
	sortBy(out, func(a, b backend.Event) bool { return a.Time.After(b.Time) })
	return out
}

// ListEvents implements backend.Events.
func (m *Backend) ListEvents(ctx context.Context, f backend.EventFilter, p backend.Page) ([]backend.Event, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	all := m.matching(f)
	return page(all, p), len(all), nil
}

// GetEvent implements backend.Events.
func (m *Backend) GetEvent(ctx context.Context, id string) (backend.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.events {
		if e.ID == id {
			return e, nil
		}
	}
	return backend.Event{}, fmt.Errorf("event %q: %w", id, backend.ErrNotFound)
}

// Overview implements backend.Events.
func (m *Backend) Overview(ctx context.Context, q backend.OverviewQuery) (backend.Overview, error) {
	if !q.Until.After(q.Since) {
		return backend.Overview{}, backend.Invalid("until", "must be after since")
	}
	if q.Buckets <= 0 {
		return backend.Overview{}, backend.Invalid("buckets", "must be positive")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	evs := m.matching(backend.EventFilter{AppID: q.AppID, Since: q.Since, Until: q.Until})
	width := q.Until.Sub(q.Since) / time.Duration(q.Buckets)
	if width <= 0 {
		width = 1
	}
	var o backend.Overview
	o.Buckets = make([]backend.Bucket, q.Buckets)
	for i := range o.Buckets {
		o.Buckets[i].Start = q.Since.Add(time.Duration(i) * width)
	}
	kinds, ips, ends := map[string]int{}, map[string]int{}, map[string]int{}
	for _, e := range evs {
		i := min(int(e.Time.Sub(q.Since)/width), q.Buckets-1)
		if e.Action == backend.ActionBlocked {
			o.Buckets[i].Blocked++
			o.Blocked++
		} else {
			o.Buckets[i].Monitored++
		}
		o.Total++
		kinds[e.Kind]++
		ips[e.IP]++
		ends[e.Request.Method+" "+e.Request.Path]++
	}
	o.ByKind = top(kinds, q.Top)
	o.TopIPs = top(ips, q.Top)
	o.TopEndpoints = top(ends, q.Top)
	return o, nil
}

func top(counts map[string]int, n int) []backend.Count {
	out := make([]backend.Count, 0, len(counts))
	for k, v := range counts {
		out = append(out, backend.Count{Key: k, N: v})
	}
	sortBy(out, func(a, b backend.Count) bool {
		if a.N != b.N {
			return a.N > b.N
		}
		return a.Key < b.Key
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Sinks implements backend.Events.
func (m *Backend) Sinks(ctx context.Context, appID string, p backend.Page) ([]backend.SinkReport, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	byLoc := map[string]*backend.SinkReport{}
	var order []string
	for _, e := range m.matching(backend.EventFilter{AppID: appID}) { // newest first
		if e.Location == "" {
			continue
		}
		key := e.AppID + "\x00" + e.Kind + "\x00" + e.Location
		r, ok := byLoc[key]
		if !ok {
			r = &backend.SinkReport{AppID: e.AppID, Kind: e.Kind, Location: e.Location,
				Function: e.Function, Sink: e.Sink, LastSeen: e.Time}
			byLoc[key] = r
			order = append(order, key)
		}
		r.Attacks++
		if e.Action == backend.ActionBlocked {
			r.Blocked++
		}
		if len(r.Examples) < 3 && !contains(r.Examples, e.Evidence) {
			r.Examples = append(r.Examples, e.Evidence)
		}
	}
	out := make([]backend.SinkReport, 0, len(order))
	for _, k := range order {
		out = append(out, *byLoc[k])
	}
	sortBy(out, func(a, b backend.SinkReport) bool { return a.Attacks > b.Attacks })
	return page(out, p), len(out), nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
