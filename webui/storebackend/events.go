package storebackend

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
)

// blocklistRules are the rule ids agents give requests refused because the
// client's IP or user is blocklisted (runtime/internal/agent).
var blocklistRules = map[string]bool{"ip-blocklist": true, "user-blocklist": true, "blocklist": true}

// toEvent maps a stored event to the dashboard's.
func toEvent(e store.Event) backend.Event {
	d := e.Detail
	ev := backend.Event{ID: fmtID(e.ID), AppID: fmtID(e.AppID), Instance: fmtID(e.InstanceRef),
		Time: fromMS(e.Time), Kind: e.Kind, RuleID: e.RuleID, Action: backend.ActionMonitored,
		IP: e.ClientIP, User: e.User, Sink: e.HookPoint,
		Request: backend.Request{Method: e.Method, Path: e.Path}}
	if e.Action == "blocked" || e.Action == "block" {
		ev.Action = backend.ActionBlocked
	}
	if e.Kind == "attack" {
		ev.Kind = "waf"
		if blocklistRules[e.RuleID] {
			ev.Kind = "blocklist"
		}
	}
	if len(d.Evidence) > 0 {
		x := d.Evidence[0]
		if x.Detector != "" {
			ev.Kind = x.Detector
		}
		ev.Evidence, ev.EvidenceSource, ev.SinkArg = x.Input, x.Source, x.Sink
	}
	ev.Request.Query = d.Query
	for _, p := range d.Params {
		ev.Request.Params = append(ev.Request.Params, backend.KV{Key: p.Source, Value: p.Value})
	}
	if len(d.Params) == 0 { // agents before params: the inputs the evidence names
		for _, x := range d.Evidence {
			if x.Source != "" {
				ev.Request.Params = append(ev.Request.Params, backend.KV{Key: x.Source, Value: x.Input})
			}
		}
	}
	names := make([]string, 0, len(d.Headers))
	for k := range d.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		ev.Request.Headers = append(ev.Request.Headers, backend.KV{Key: k, Value: d.Headers[k]})
	}
	if d.UserAgent != "" && d.Headers["User-Agent"] == "" && d.Headers["user-agent"] == "" {
		ev.Request.Headers = append(ev.Request.Headers, backend.KV{Key: "User-Agent", Value: d.UserAgent})
	}
	for _, f := range d.Stack {
		frame := fmt.Sprintf("%s %s:%d", f.Function, f.File, f.Line)
		ev.Stack = append(ev.Stack, frame)
		if ev.Location == "" && !stdFunction(f.Function) {
			ev.Location, ev.Function = fmt.Sprintf("%s:%d", f.File, f.Line), f.Function
		}
	}
	if ev.Location == "" && len(d.Stack) > 0 { // only standard-library frames
		f := d.Stack[0]
		ev.Location, ev.Function = fmt.Sprintf("%s:%d", f.File, f.Line), f.Function
	}
	return ev
}

// stdFunction reports whether a function name as the Go runtime prints it
// ("database/sql.(*DB).QueryContext", "main.handler") belongs to the standard
// library, whose frames sit between the app's call and the hook: the
// event's location is the app's first frame, not the sink's inside std.
func stdFunction(fn string) bool {
	pkg := fn
	slash := strings.LastIndexByte(pkg, '/')
	if dot := strings.IndexByte(pkg[slash+1:], '.'); dot >= 0 {
		pkg = pkg[:slash+1+dot]
	}
	if pkg == "main" {
		return false
	}
	first, _, _ := strings.Cut(pkg, "/")
	return !strings.Contains(first, ".")
}

// storeFilter is the part of f the store can apply, and keep the rest.
func storeFilter(f backend.EventFilter) (store.EventFilter, func(store.Event) bool, error) {
	app, err := optionalID("app", f.AppID)
	if err != nil {
		return store.EventFilter{}, nil, err
	}
	sf := store.EventFilter{AppID: app, Kind: "attack", ClientIP: f.IP, Since: toMS(f.Since), Until: toMS(f.Until)}
	keep := func(e store.Event) bool {
		if f.Path != "" && !strings.HasPrefix(e.Path, f.Path) {
			return false
		}
		if f.Kind == "" && f.Action == "" {
			return true
		}
		ev := toEvent(e)
		return (f.Kind == "" || ev.Kind == f.Kind) && (f.Action == "" || ev.Action == f.Action)
	}
	return sf, keep, nil
}

// ListEvents implements backend.Events.
func (b *Backend) ListEvents(ctx context.Context, f backend.EventFilter, p backend.Page) ([]backend.Event, int, error) {
	sf, keep, err := storeFilter(f)
	if err != nil {
		return nil, 0, nil // an unknown app has no events
	}
	var rows []store.Event
	var total int
	if f.Kind == "" && f.Action == "" && f.Path == "" && p.Offset == 0 {
		// The store does it all: one page and a count.
		limit := p.Limit
		if limit <= 0 {
			limit = 50
		}
		if rows, err = b.st.ListEvents(ctx, sf, store.Page{Limit: limit}); err != nil {
			return nil, 0, err
		}
		n, err := b.st.CountEvents(ctx, sf)
		if err != nil {
			return nil, 0, err
		}
		total = int(n)
	} else {
		rows, total, err = scan(ctx, b.opts.MaxScan, p, keep, func(pg store.Page) ([]store.Event, error) {
			return b.st.ListEvents(ctx, sf, pg)
		}, func(e store.Event) int64 { return e.ID })
		if err != nil {
			return nil, 0, err
		}
	}
	out := make([]backend.Event, len(rows))
	for i, e := range rows {
		out[i] = toEvent(e)
	}
	return out, total, nil
}

// GetEvent implements backend.Events.
func (b *Backend) GetEvent(ctx context.Context, id string) (backend.Event, error) {
	n, err := parseID("event", id)
	if err != nil {
		return backend.Event{}, err
	}
	e, err := b.st.GetEvent(ctx, n)
	if err != nil {
		return backend.Event{}, convert(err)
	}
	ev := toEvent(e)
	// The instance as the agent named it (the app page lists it so), not
	// the store's row number.
	switch in, err := b.st.GetInstance(ctx, e.InstanceRef); {
	case err == nil:
		ev.Instance = in.InstanceID
	case !errors.Is(err, store.ErrNotFound):
		return backend.Event{}, err
	}
	return ev, nil
}

// window returns up to MaxScan attacks of an app in [since, until).
func (b *Backend) window(ctx context.Context, appID string, since, until time.Time) ([]backend.Event, error) {
	sf, _, err := storeFilter(backend.EventFilter{AppID: appID, Since: since, Until: until})
	if err != nil {
		return nil, nil
	}
	rows, _, err := scan(ctx, b.opts.MaxScan, backend.Page{Limit: b.opts.MaxScan}, nil,
		func(pg store.Page) ([]store.Event, error) { return b.st.ListEvents(ctx, sf, pg) },
		func(e store.Event) int64 { return e.ID })
	if err != nil {
		return nil, err
	}
	out := make([]backend.Event, len(rows))
	for i, e := range rows {
		out[i] = toEvent(e)
	}
	return out, nil
}

// Overview implements backend.Events over at most MaxScan events.
func (b *Backend) Overview(ctx context.Context, q backend.OverviewQuery) (backend.Overview, error) {
	if !q.Until.After(q.Since) {
		return backend.Overview{}, backend.Invalid("until", "must be after since")
	}
	if q.Buckets <= 0 {
		return backend.Overview{}, backend.Invalid("buckets", "must be positive")
	}
	evs, err := b.window(ctx, q.AppID, q.Since, q.Until)
	if err != nil {
		return backend.Overview{}, err
	}
	o := summarize(evs, q)
	o.Truncated = len(evs) >= b.opts.MaxScan
	return o, nil
}

// summarize aggregates events into an Overview.
func summarize(evs []backend.Event, q backend.OverviewQuery) backend.Overview {
	width := max(q.Until.Sub(q.Since)/time.Duration(q.Buckets), 1)
	var o backend.Overview
	o.Buckets = make([]backend.Bucket, q.Buckets)
	for i := range o.Buckets {
		o.Buckets[i].Start = q.Since.Add(time.Duration(i) * width)
	}
	kinds, ips, ends := map[string]int{}, map[string]int{}, map[string]int{}
	for _, e := range evs {
		i := min(int(e.Time.Sub(q.Since)/width), q.Buckets-1)
		if i < 0 {
			continue
		}
		if e.Action == backend.ActionBlocked {
			o.Buckets[i].Blocked++
			o.Blocked++
		} else {
			o.Buckets[i].Monitored++
		}
		o.Total++
		kinds[e.Kind]++
		if e.IP != "" {
			ips[e.IP]++
		}
		ends[e.Request.Method+" "+e.Request.Path]++
	}
	o.ByKind, o.TopIPs, o.TopEndpoints = top(kinds, q.Top), top(ips, q.Top), top(ends, q.Top)
	return o
}

func top(counts map[string]int, n int) []backend.Count {
	out := make([]backend.Count, 0, len(counts))
	for k, v := range counts {
		out = append(out, backend.Count{Key: k, N: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Sinks implements backend.Events over the last MaxScan attacks.
func (b *Backend) Sinks(ctx context.Context, appID string, p backend.Page) ([]backend.SinkReport, int, error) {
	evs, err := b.window(ctx, appID, time.Time{}, time.Time{})
	if err != nil {
		return nil, 0, err
	}
	byLoc := map[string]*backend.SinkReport{}
	var order []*backend.SinkReport
	for _, e := range evs { // newest first
		if e.Location == "" {
			continue
		}
		key := e.AppID + "\x00" + e.Kind + "\x00" + e.Location
		r := byLoc[key]
		if r == nil {
			r = &backend.SinkReport{AppID: e.AppID, Kind: e.Kind, Location: e.Location, Function: e.Function,
				Sink: e.Sink, LastSeen: e.Time}
			byLoc[key] = r
			order = append(order, r)
		}
		r.Attacks++
		if e.Action == backend.ActionBlocked {
			r.Blocked++
		}
		if len(r.Examples) < 3 && e.Evidence != "" && !contains(r.Examples, e.Evidence) {
			r.Examples = append(r.Examples, e.Evidence)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Attacks > order[j].Attacks })
	limit := p.Limit
	if limit <= 0 {
		limit = 50
	}
	var out []backend.SinkReport
	for i := p.Offset; i < len(order) && len(out) < limit; i++ {
		out = append(out, *order[i])
	}
	return out, len(order), nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
