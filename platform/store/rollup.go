package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// accumulator sums the rollups of the heartbeats of one transaction, and
// on PostgreSQL collects their events, so each rollup row is written once
// per transaction and the events in one statement.
type accumulator struct {
	metrics   map[minuteKey]*metricSums
	hooks     map[hookKey]*hookSums
	ips       map[ipKey]int64
	instances map[instanceKey]*instanceSums
	events    *eventArrays // nil: events are inserted as they come (SQLite)
}

type minuteKey struct{ app, minute int64 }

// instanceKey is a row of instance_rollups: an instance (its row id) in a minute.
type instanceKey struct{ ref, minute int64 }

// instanceSums is what one instance reported in one minute.
type instanceSums struct {
	app int64
	metricSums
	engine EngineTiming
}

type hookKey struct {
	minuteKey
	hook string
}

type ipKey struct {
	minuteKey
	ip string
}

type metricSums struct{ requests, blocked, overruns, panics, dropped, events int64 }

type hookSums struct{ calls, p50, p99 int64 }

func newAccumulator(collectEvents bool) *accumulator {
	a := &accumulator{metrics: map[minuteKey]*metricSums{}, hooks: map[hookKey]*hookSums{}, ips: map[ipKey]int64{},
		instances: map[instanceKey]*instanceSums{}}
	if collectEvents {
		a.events = &eventArrays{}
	}
	return a
}

// add counts a stored heartbeat's metrics in the minute it was received
// in, for its app and for its instance (ref, the instance's row id).
func (a *accumulator) add(appID, ref, now int64, req *wire.HeartbeatRequest) {
	k := minuteKey{appID, now / 60000 * 60000}
	m := a.metrics[k]
	if m == nil {
		m = &metricSums{}
		a.metrics[k] = m
	}
	m.add(req)
	ik := instanceKey{ref, k.minute}
	in := a.instances[ik]
	if in == nil {
		in = &instanceSums{app: appID}
		a.instances[ik] = in
	}
	in.add(req)
	in.engine = in.engine.Merge(heartbeatEngineTiming(req.Metrics.GetHooks()))
	rm := req.Metrics
	for _, h := range rm.GetHooks() {
		hk := hookKey{k, h.HookPoint}
		if old := a.hooks[hk]; old != nil {
			*old = mergeHook(*old, hookSums{h.Calls, h.P50Ns, h.P99Ns})
		} else {
			a.hooks[hk] = &hookSums{h.Calls, h.P50Ns, h.P99Ns}
		}
	}
	for ip, n := range rm.GetNotFoundByIp() {
		a.ips[ipKey{k, ip}] += n
	}
}

// add counts one heartbeat's metrics.
func (m *metricSums) add(req *wire.HeartbeatRequest) {
	rm := req.Metrics
	m.requests += rm.GetRequests()
	m.blocked += rm.GetBlockedRequests()
	m.overruns += rm.GetBudgetOverruns()
	m.panics += rm.GetPanics()
	m.dropped += rm.GetEventsDropped()
	m.events += int64(len(req.Events))
}

// EngineTiming is the engine time of an instance (or of several) over a
// span: the one definition the app page's cost of protection uses.
//
// Calls is the number of checks (hook calls) timed. P50NS and P99NS are
// the call-weighted means of the p50 and p99 of the timings merged: a
// heartbeat's per-hook-point timings, then heartbeats, minutes and
// instances, each weighted by its calls. Percentiles do not add, so this
// is an estimate ("a typical check" and "a slow check"), not the p99 of
// all checks; per-minute sums allow nothing closer. (hook_rollups, one
// hook point's minute, keeps the larger p99 instead: that is the worst of
// one hook point, not the cost of the app.)
type EngineTiming struct {
	Calls int64 `db:"calls" json:"calls"`
	P50NS int64 `db:"p50_ns" json:"p50_ns"`
	P99NS int64 `db:"p99_ns" json:"p99_ns"`
}

// Merge returns the timing of t and o together: calls added, percentiles
// weighted by calls (zero when neither has calls). The instance_rollups
// upsert in flush computes the same in SQL.
func (t EngineTiming) Merge(o EngineTiming) EngineTiming {
	out := EngineTiming{Calls: t.Calls + o.Calls}
	if out.Calls != 0 {
		out.P50NS = (t.P50NS*t.Calls + o.P50NS*o.Calls) / out.Calls
		out.P99NS = (t.P99NS*t.Calls + o.P99NS*o.Calls) / out.Calls
	}
	return out
}

// heartbeatEngineTiming merges a heartbeat's per-hook-point timings.
func heartbeatEngineTiming(hooks []*wire.HookTiming) EngineTiming {
	var t EngineTiming
	for _, h := range hooks {
		t = t.Merge(EngineTiming{Calls: h.Calls, P50NS: h.P50Ns, P99NS: h.P99Ns})
	}
	return t
}

// mergeHook combines two timings of a hook point as the hook_rollups
// upsert does: p50 weighted by calls, p99 the larger.
func mergeHook(a, b hookSums) hookSums {
	out := hookSums{calls: a.calls + b.calls, p99: max(a.p99, b.p99)}
	if out.calls != 0 {
		out.p50 = (a.p50*a.calls + b.p50*b.calls) / out.calls
	}
	return out
}

// flush writes the sums (and collected events), rows in key order: a fixed
// lock order between concurrent transactions.
func (a *accumulator) flush(ctx context.Context, s *Store, tx *sqlx.Tx) error {
	if a.events != nil && a.events.n > 0 {
		if _, err := tx.ExecContext(ctx, eventUnnestSQL, a.events.args()...); err != nil {
			return fmt.Errorf("store: insert events: %w", err)
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(a.metrics), compareMinute) {
		m := a.metrics[k]
		if _, err := s.txExec(ctx, tx, `INSERT INTO metric_rollups (app_id, minute, requests, blocked, budget_overruns, panics, events_dropped, events)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (app_id, minute) DO UPDATE SET requests = metric_rollups.requests + excluded.requests,
				blocked = metric_rollups.blocked + excluded.blocked,
				budget_overruns = metric_rollups.budget_overruns + excluded.budget_overruns,
				panics = metric_rollups.panics + excluded.panics,
				events_dropped = metric_rollups.events_dropped + excluded.events_dropped,
				events = metric_rollups.events + excluded.events`,
			k.app, k.minute, m.requests, m.blocked, m.overruns, m.panics, m.dropped, m.events); err != nil {
			return fmt.Errorf("store: metric rollup: %w", err)
		}
	}
	if err := a.flushInstances(ctx, s, tx); err != nil {
		return err
	}
	for _, k := range slices.SortedFunc(maps.Keys(a.hooks), func(x, y hookKey) int {
		return cmp.Or(compareMinute(x.minuteKey, y.minuteKey), cmp.Compare(x.hook, y.hook))
	}) {
		h := a.hooks[k]
		if _, err := s.txExec(ctx, tx, `INSERT INTO hook_rollups (app_id, minute, hook_point, calls, p50_ns, p99_ns)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (app_id, minute, hook_point) DO UPDATE SET
				p50_ns = CASE WHEN hook_rollups.calls + excluded.calls = 0 THEN 0 ELSE
					(hook_rollups.p50_ns * hook_rollups.calls + excluded.p50_ns * excluded.calls) / (hook_rollups.calls + excluded.calls) END,
				p99_ns = CASE WHEN excluded.p99_ns > hook_rollups.p99_ns THEN excluded.p99_ns ELSE hook_rollups.p99_ns END,
				calls = hook_rollups.calls + excluded.calls`,
			k.app, k.minute, k.hook, h.calls, h.p50, h.p99); err != nil {
			return fmt.Errorf("store: hook rollup %q: %w", k.hook, err)
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(a.ips), func(x, y ipKey) int {
		return cmp.Or(compareMinute(x.minuteKey, y.minuteKey), cmp.Compare(x.ip, y.ip))
	}) {
		if _, err := s.txExec(ctx, tx, `INSERT INTO ip_rollups (app_id, minute, ip, not_found) VALUES (?, ?, ?, ?)
			ON CONFLICT (app_id, minute, ip) DO UPDATE SET not_found = ip_rollups.not_found + excluded.not_found`,
			k.app, k.minute, k.ip, a.ips[k]); err != nil {
			return fmt.Errorf("store: ip rollup: %w", err)
		}
	}
	return nil
}

// flushInstances upserts the instance_rollups rows, in (instance, minute)
// order. A row's engine timing merges as EngineTiming.Merge does.
func (a *accumulator) flushInstances(ctx context.Context, s *Store, tx *sqlx.Tx) error {
	for _, k := range slices.SortedFunc(maps.Keys(a.instances), func(x, y instanceKey) int {
		return cmp.Or(cmp.Compare(x.ref, y.ref), cmp.Compare(x.minute, y.minute))
	}) {
		in := a.instances[k]
		if _, err := s.txExec(ctx, tx, instanceRollupUpsert, k.ref, k.minute, in.app, in.requests, in.blocked,
			in.overruns, in.panics, in.dropped, in.events, in.engine.Calls, in.engine.P50NS, in.engine.P99NS); err != nil {
			return fmt.Errorf("store: instance rollup (instance %d, minute %d): %w", k.ref, k.minute, err)
		}
	}
	return nil
}

const instanceRollupUpsert = `INSERT INTO instance_rollups (instance_ref, minute, app_id, requests, blocked, budget_overruns,
	panics, events_dropped, events, calls, p50_ns, p99_ns)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (instance_ref, minute) DO UPDATE SET requests = instance_rollups.requests + excluded.requests,
		blocked = instance_rollups.blocked + excluded.blocked,
		budget_overruns = instance_rollups.budget_overruns + excluded.budget_overruns,
		panics = instance_rollups.panics + excluded.panics,
		events_dropped = instance_rollups.events_dropped + excluded.events_dropped,
		events = instance_rollups.events + excluded.events,
		p50_ns = CASE WHEN instance_rollups.calls + excluded.calls = 0 THEN 0 ELSE
			(instance_rollups.p50_ns * instance_rollups.calls + excluded.p50_ns * excluded.calls) / (instance_rollups.calls + excluded.calls) END,
		p99_ns = CASE WHEN instance_rollups.calls + excluded.calls = 0 THEN 0 ELSE
			(instance_rollups.p99_ns * instance_rollups.calls + excluded.p99_ns * excluded.calls) / (instance_rollups.calls + excluded.calls) END,
		calls = instance_rollups.calls + excluded.calls`

func compareMinute(x, y minuteKey) int {
	return cmp.Or(cmp.Compare(x.app, y.app), cmp.Compare(x.minute, y.minute))
}

// eventArrays holds events column by column, for one PostgreSQL INSERT
// ... SELECT FROM unnest of one array per column: the statement text is
// the same for any number of rows (pgx prepares it once per connection).
type eventArrays struct {
	n                                                            int
	appID, instanceRef, time, receivedAt, status                 []int64
	batchID, kind, ruleID, hookPoint, action, severity, clientIP []string
	userName, method, path, route, name, detail                  []string
	success                                                      []bool
}

func (c *eventArrays) add(appID, ref int64, batchID string, now int64, events []*wire.Event) {
	for _, e := range events {
		req := e.GetRequest()
		c.n++
		c.appID = append(c.appID, appID)
		c.instanceRef = append(c.instanceRef, ref)
		c.batchID = append(c.batchID, batchID)
		c.kind = append(c.kind, eventKinds[e.Kind])
		c.time = append(c.time, e.TimeUnixMs)
		c.receivedAt = append(c.receivedAt, now)
		c.ruleID = append(c.ruleID, e.RuleId)
		c.hookPoint = append(c.hookPoint, e.HookPoint)
		c.action = append(c.action, e.Action)
		c.severity = append(c.severity, e.Severity)
		c.clientIP = append(c.clientIP, req.GetClientIp())
		c.userName = append(c.userName, e.User)
		c.method = append(c.method, req.GetMethod())
		c.path = append(c.path, req.GetPath())
		c.route = append(c.route, req.GetRoute())
		c.status = append(c.status, int64(req.GetStatus()))
		c.success = append(c.success, e.Success)
		c.name = append(c.name, e.Name)
		c.detail = append(c.detail, detailJSON(e))
	}
}

// args are the arrays in eventUnnestSQL's order.
func (c *eventArrays) args() []any {
	return []any{c.appID, c.instanceRef, c.batchID, c.kind, c.time, c.receivedAt, c.ruleID, c.hookPoint, c.action,
		c.severity, c.clientIP, c.userName, c.method, c.path, c.route, c.status, c.success, c.name, c.detail}
}

const eventUnnestSQL = `INSERT INTO events (app_id, instance_ref, batch_id, kind, time, received_at, rule_id, hook_point,
	action, severity, client_ip, user_name, method, path, route, status, success, name, detail_json)
	SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[],
		$8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
		$16::bigint[], $17::boolean[], $18::text[], $19::text[])`
