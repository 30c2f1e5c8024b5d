package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// HeartbeatResult says what IngestHeartbeat did and what to answer.
type HeartbeatResult struct {
	// Duplicate is true when the batch had been stored before; nothing was
	// stored this time.
	Duplicate bool
	// Events is the number of events stored.
	Events int
	// Commands are the app's commands after the request's cursor (at most
	// MaxCommandsPerReply) and Cursor the cursor they lead to.
	Commands []*wire.Command
	Cursor   int64
	// Relogin is true when the request's cursor is ahead of the command
	// log (the platform lost state): the agent must log in again.
	Relogin bool
	// CommandsErr is set when the commands could not be read; the batch is
	// stored all the same, and Cursor is the request's.
	CommandsErr error
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

// IngestHeartbeat stores one heartbeat of an instance: the batch marker (a
// batch already stored is not stored again), its events, the metric
// rollups, and the instance's last heartbeat and cursor, all in one
// transaction, shared with the heartbeats that arrive at the same time
// (see groupCommit). It returns once that transaction is committed, with
// the commands after the request's cursor. The instance must have logged
// in (ErrNotFound otherwise). The request must have been validated by the
// caller.
func (s *Store) IngestHeartbeat(ctx context.Context, appID int64, req *wire.HeartbeatRequest) (HeartbeatResult, error) {
	return s.group.ingest(ctx, appID, req)
}

// ingestTx stores one heartbeat inside tx; its rollups (and on PostgreSQL
// its events) go to acc, written by acc.flush before the commit.
func (s *Store) ingestTx(ctx context.Context, tx *sqlx.Tx, appID int64, req *wire.HeartbeatRequest, now int64, acc *accumulator) (HeartbeatResult, error) {
	var res HeartbeatResult
	var ref int64
	if err := s.txGet(ctx, tx, &ref, `UPDATE instances SET last_heartbeat_at = ?, cursor = ?, logout_at = 0
		WHERE app_id = ? AND instance_id = ? RETURNING id`, now, req.Cursor, appID, req.InstanceId); err != nil {
		return res, notFound(err, fmt.Sprintf("instance %q", req.InstanceId))
	}
	r, err := s.txExec(ctx, tx, `INSERT INTO batches (instance_ref, batch_id, received_at, events) VALUES (?, ?, ?, ?)
		ON CONFLICT (instance_ref, batch_id) DO NOTHING`, ref, req.BatchId, now, len(req.Events))
	if err != nil {
		return res, fmt.Errorf("store: record batch: %w", err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		res.Duplicate = true
		return res, nil
	}
	if acc.events != nil {
		acc.events.add(appID, ref, req.BatchId, now, req.Events)
	} else if err := s.insertEvents(ctx, tx, appID, ref, req.BatchId, now, req.Events); err != nil {
		return res, err
	}
	res.Events = len(req.Events)
	acc.add(appID, ref, now, req)
	return res, nil
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
			args = append(args, appID, ref, batchID, eventKinds[e.Kind], e.TimeUnixMs, now, e.RuleId, e.HookPoint,
				e.Action, e.Severity, req.GetClientIp(), e.User, req.GetMethod(), req.GetPath(), req.GetRoute(),
				req.GetStatus(), e.Success, e.Name, detailJSON(e))
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
// the first time (see prepared): parsing a 50-row INSERT costs as much as
// running it.
func (s *Store) eventInsert(n int) *sqlx.Stmt {
	return s.preparedAs(n, s.q(eventInsertSQL(n)))
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
