package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// HeartbeatResult says what IngestHeartbeat did.
type HeartbeatResult struct {
	// Duplicate is true when the batch had been stored before; nothing was
	// stored this time.
	Duplicate bool
	// Events is the number of events stored.
	Events int
}

// eventKinds maps wire kinds to the kind column.
var eventKinds = map[wire.EventKind]string{
	wire.EventKind_EVENT_KIND_ATTACK: "attack",
	wire.EventKind_EVENT_KIND_AUTH:   "auth",
	wire.EventKind_EVENT_KIND_CUSTOM: "custom",
	wire.EventKind_EVENT_KIND_CSP:    "csp",
}

// EventKindName returns the stored name of a wire event kind ("" if unknown).
func EventKindName(k wire.EventKind) string { return eventKinds[k] }

// IngestHeartbeat stores one heartbeat of an instance in one transaction:
// the batch marker (a batch already stored is not stored again), its
// events, the metric rollups, and the instance's last heartbeat and
// cursor. The instance must have logged in (ErrNotFound otherwise).
// The request must have been validated by the caller.
func (s *Store) IngestHeartbeat(ctx context.Context, appID int64, req *wire.HeartbeatRequest) (HeartbeatResult, error) {
	if s.group != nil {
		return s.group.ingest(ctx, appID, req)
	}
	var res HeartbeatResult
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		res, err = s.ingestTx(ctx, tx, appID, req, s.nowMS())
		return err
	})
	return res, err
}

// ingestTx stores one heartbeat inside tx.
func (s *Store) ingestTx(ctx context.Context, tx *sqlx.Tx, appID int64, req *wire.HeartbeatRequest, now int64) (HeartbeatResult, error) {
	var res HeartbeatResult
	var ref int64
	if err := tx.GetContext(ctx, &ref, s.q(`UPDATE instances SET last_heartbeat_at = ?, cursor = ?, logout_at = 0
		WHERE app_id = ? AND instance_id = ? RETURNING id`), now, req.Cursor, appID, req.InstanceId); err != nil {
		return res, notFound(err, fmt.Sprintf("instance %q", req.InstanceId))
	}
	r, err := tx.ExecContext(ctx, s.q(`INSERT INTO batches (instance_ref, batch_id, received_at, events) VALUES (?, ?, ?, ?)
		ON CONFLICT (instance_ref, batch_id) DO NOTHING`), ref, req.BatchId, now, len(req.Events))
	if err != nil {
		return res, fmt.Errorf("store: record batch: %w", err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		res.Duplicate = true
		return res, nil
	}
	if err := s.insertEvents(ctx, tx, appID, ref, req.BatchId, now, req.Events); err != nil {
		return res, err
	}
	res.Events = len(req.Events)
	return res, s.rollup(ctx, tx, appID, now, req)
}

// eventDetail is the part of an event kept as JSON.
type eventDetail struct {
	RequestID  string            `json:"request_id,omitempty"`
	Host       string            `json:"host,omitempty"`
	UserAgent  string            `json:"user_agent,omitempty"`
	Headers    map[string]string `json:"headers,omitempty"`
	Query      string            `json:"query,omitempty"`
	Params     []Param           `json:"params,omitempty"`
	Evidence   []Evidence        `json:"evidence,omitempty"`
	Stack      []Frame           `json:"stack,omitempty"`
	Properties map[string]string `json:"properties,omitempty"`
}

const eventInsertColumns = 19
const eventRowsPerInsert = 200

func (s *Store) insertEvents(ctx context.Context, tx *sqlx.Tx, appID, ref int64, batchID string, now int64, events []*wire.Event) error {
	for start := 0; start < len(events); start += eventRowsPerInsert {
		chunk := events[start:min(start+eventRowsPerInsert, len(events))]
		args := make([]any, 0, len(chunk)*eventInsertColumns)
		for _, e := range chunk {
			req := e.GetRequest()
			d := eventDetail{RequestID: req.GetRequestId(), Host: req.GetHost(), UserAgent: req.GetUserAgent(),
				Headers: req.GetHeaders(), Query: req.GetQuery(), Properties: e.Properties}
			for _, p := range req.GetParams() {
				d.Params = append(d.Params, Param{Source: p.Source, Value: p.Value})
			}
			for _, ev := range e.Evidence {
				d.Evidence = append(d.Evidence, Evidence{Detector: ev.Detector, Source: ev.Source, Input: ev.Input,
					Sink: ev.Sink, Offset: ev.Offset, Reason: ev.Reason})
			}
			for _, f := range e.Stack {
				d.Stack = append(d.Stack, Frame{Function: f.Function, File: f.File, Line: f.Line})
			}
			detail, _ := json.Marshal(d)
			args = append(args, appID, ref, batchID, eventKinds[e.Kind], e.TimeUnixMs, now, e.RuleId, e.HookPoint,
				e.Action, e.Severity, req.GetClientIp(), e.User, req.GetMethod(), req.GetPath(), req.GetRoute(),
				req.GetStatus(), e.Success, e.Name, string(detail))
		}
		var err error
		if stmt := s.eventInsert(len(chunk)); stmt != nil {
			_, err = tx.StmtxContext(ctx, stmt).ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, s.q(eventInsertSQL(len(chunk))), args...)
		}
		if err != nil {
			return fmt.Errorf("store: insert events: %w", err)
		}
	}
	return nil
}

// eventInsert returns the prepared statement inserting n events, or nil
// the first time: parsing a 50-row INSERT costs as much as running it, so
// each size is prepared once, in the background (the caller holds a
// transaction, and on SQLite the pool's only connection).
func (s *Store) eventInsert(n int) *sqlx.Stmt {
	v, loaded := s.stmts.LoadOrStore(n, (*sqlx.Stmt)(nil))
	if loaded {
		return v.(*sqlx.Stmt)
	}
	go func() {
		st, err := s.db.Preparex(s.q(eventInsertSQL(n)))
		if err != nil {
			s.stmts.Delete(n) // try again next time
			return
		}
		s.stmts.Store(n, st)
	}()
	return nil
}

func eventInsertSQL(n int) string {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO events (app_id, instance_ref, batch_id, kind, time, received_at, rule_id, hook_point,
		action, severity, client_ip, user_name, method, path, route, status, success, name, detail_json) VALUES `)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return sb.String()
}

// rollup adds a heartbeat's metrics to the per-minute tables of the minute
// it was received in.
func (s *Store) rollup(ctx context.Context, tx *sqlx.Tx, appID, now int64, req *wire.HeartbeatRequest) error {
	minute := now / 60000 * 60000
	m := req.Metrics
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO metric_rollups (app_id, minute, requests, blocked, budget_overruns, panics, events_dropped, events)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (app_id, minute) DO UPDATE SET requests = metric_rollups.requests + excluded.requests,
			blocked = metric_rollups.blocked + excluded.blocked,
			budget_overruns = metric_rollups.budget_overruns + excluded.budget_overruns,
			panics = metric_rollups.panics + excluded.panics,
			events_dropped = metric_rollups.events_dropped + excluded.events_dropped,
			events = metric_rollups.events + excluded.events`),
		appID, minute, m.GetRequests(), m.GetBlockedRequests(), m.GetBudgetOverruns(), m.GetPanics(), m.GetEventsDropped(), len(req.Events)); err != nil {
		return fmt.Errorf("store: metric rollup: %w", err)
	}
	for _, h := range m.GetHooks() {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO hook_rollups (app_id, minute, hook_point, calls, p50_ns, p99_ns)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (app_id, minute, hook_point) DO UPDATE SET
				p50_ns = CASE WHEN hook_rollups.calls + excluded.calls = 0 THEN 0 ELSE
					(hook_rollups.p50_ns * hook_rollups.calls + excluded.p50_ns * excluded.calls) / (hook_rollups.calls + excluded.calls) END,
				p99_ns = CASE WHEN excluded.p99_ns > hook_rollups.p99_ns THEN excluded.p99_ns ELSE hook_rollups.p99_ns END,
				calls = hook_rollups.calls + excluded.calls`),
			appID, minute, h.HookPoint, h.Calls, h.P50Ns, h.P99Ns); err != nil {
			return fmt.Errorf("store: hook rollup %q: %w", h.HookPoint, err)
		}
	}
	ips := make([]string, 0, len(m.GetNotFoundByIp()))
	for ip := range m.GetNotFoundByIp() {
		ips = append(ips, ip)
	}
	sort.Strings(ips) // a fixed lock order between concurrent heartbeats
	for _, ip := range ips {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO ip_rollups (app_id, minute, ip, not_found) VALUES (?, ?, ?, ?)
			ON CONFLICT (app_id, minute, ip) DO UPDATE SET not_found = ip_rollups.not_found + excluded.not_found`),
			appID, minute, ip, m.NotFoundByIp[ip]); err != nil {
			return fmt.Errorf("store: ip rollup: %w", err)
		}
	}
	return nil
}
