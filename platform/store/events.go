package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// Event is one stored security event. Time is when it happened on the
// instance, ReceivedAt when the platform stored it (Unix milliseconds).
type Event struct {
	ID          int64  `db:"id" json:"id"`
	AppID       int64  `db:"app_id" json:"app_id"`
	InstanceRef int64  `db:"instance_ref" json:"instance_ref"`
	BatchID     string `db:"batch_id" json:"batch_id"`
	// Kind is "attack", "auth", "custom" or "csp".
	Kind       string `db:"kind" json:"kind"`
	Time       int64  `db:"time" json:"time"`
	ReceivedAt int64  `db:"received_at" json:"received_at"`
	RuleID     string `db:"rule_id" json:"rule_id"`
	HookPoint  string `db:"hook_point" json:"hook_point"`
	Action     string `db:"action" json:"action"`
	Severity   string `db:"severity" json:"severity"`
	ClientIP   string `db:"client_ip" json:"client_ip"`
	User       string `db:"user_name" json:"user"`
	Method     string `db:"method" json:"method"`
	Path       string `db:"path" json:"path"`
	Route      string `db:"route" json:"route"`
	Status     int64  `db:"status" json:"status"`
	Success    bool   `db:"success" json:"success"`
	Name       string `db:"name" json:"name"`
	DetailJSON string `db:"detail_json" json:"-"`
	// Detail is decoded from DetailJSON by GetEvent and ListEvents.
	Detail EventDetail `db:"-" json:"detail"`
}

// EventDetail is the part of an event that is not filtered on.
type EventDetail = eventDetail

// Evidence tells which input changed which sink.
type Evidence struct {
	Detector string `json:"detector"`
	Source   string `json:"source,omitempty"`
	Input    string `json:"input,omitempty"`
	Sink     string `json:"sink,omitempty"`
	Offset   int32  `json:"offset,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Param is one input of the request an event belongs to (scrubbed by the
// agent): where it came from ("query.id", "form.name", "body.user.name")
// and its value.
type Param struct {
	Source string `json:"source"`
	Value  string `json:"value"`
}

// Frame is one stack frame of an event.
type Frame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int32  `json:"line"`
}

const eventColumns = `id, app_id, instance_ref, batch_id, kind, time, received_at, rule_id, hook_point, action,
	severity, client_ip, user_name, method, path, route, status, success, name, detail_json`

// EventFilter selects events. Zero fields select everything; Since and
// Until bound Time (Unix ms, Until exclusive).
type EventFilter struct {
	AppID    int64  `json:"app_id"`
	Kind     string `json:"kind"`
	ClientIP string `json:"client_ip"`
	User     string `json:"user"`
	RuleID   string `json:"rule_id"`
	Path     string `json:"path"`
	Since    int64  `json:"since"`
	Until    int64  `json:"until"`
}

func (f EventFilter) where() (string, []any) {
	q := " WHERE 1=1"
	var args []any
	add := func(cond string, v any) {
		q += " AND " + cond
		args = append(args, v)
	}
	if f.AppID != 0 {
		add("app_id = ?", f.AppID)
	}
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	if f.ClientIP != "" {
		add("client_ip = ?", f.ClientIP)
	}
	if f.User != "" {
		add("user_name = ?", f.User)
	}
	if f.RuleID != "" {
		add("rule_id = ?", f.RuleID)
	}
	if f.Path != "" {
		add("path = ?", f.Path)
	}
	if f.Since != 0 {
		add("time >= ?", f.Since)
	}
	if f.Until != 0 {
		add("time < ?", f.Until)
	}
	return q, args
}

// ListEvents returns events matching f, newest (highest id) first.
func (s *Store) ListEvents(ctx context.Context, f EventFilter, page Page) ([]Event, error) {
	where, args := f.where()
	query, args := page.apply("SELECT "+eventColumns+" FROM events"+where, "id", args)
	events := []Event{}
	if err := s.db.SelectContext(ctx, &events, s.q(query), args...); err != nil {
		return nil, fmt.Errorf("store: list events: %w", err)
	}
	for i := range events {
		json.Unmarshal([]byte(events[i].DetailJSON), &events[i].Detail)
	}
	return events, nil
}

// CountEvents counts events matching f.
func (s *Store) CountEvents(ctx context.Context, f EventFilter) (int64, error) {
	where, args := f.where()
	var n int64
	if err := s.db.GetContext(ctx, &n, s.q("SELECT count(*) FROM events"+where), args...); err != nil {
		return 0, fmt.Errorf("store: count events: %w", err)
	}
	return n, nil
}

// GetEvent returns one event.
func (s *Store) GetEvent(ctx context.Context, id int64) (Event, error) {
	var e Event
	if err := s.db.GetContext(ctx, &e, s.q("SELECT "+eventColumns+" FROM events WHERE id = ?"), id); err != nil {
		return Event{}, notFound(err, fmt.Sprintf("event %d", id))
	}
	json.Unmarshal([]byte(e.DetailJSON), &e.Detail)
	return e, nil
}

// Rollup is one minute of an app's metrics.
type Rollup struct {
	Minute         int64 `db:"minute" json:"minute"`
	Requests       int64 `db:"requests" json:"requests"`
	Blocked        int64 `db:"blocked" json:"blocked"`
	BudgetOverruns int64 `db:"budget_overruns" json:"budget_overruns"`
	Panics         int64 `db:"panics" json:"panics"`
	EventsDropped  int64 `db:"events_dropped" json:"events_dropped"`
	Events         int64 `db:"events" json:"events"`
}

// ListRollups returns an app's per-minute metrics with minute >= since, oldest first.
func (s *Store) ListRollups(ctx context.Context, appID, since int64) ([]Rollup, error) {
	out := []Rollup{}
	if err := s.db.SelectContext(ctx, &out, s.q(`SELECT minute, requests, blocked, budget_overruns, panics, events_dropped, events
		FROM metric_rollups WHERE app_id = ? AND minute >= ? ORDER BY minute`), appID, since); err != nil {
		return nil, fmt.Errorf("store: list rollups: %w", err)
	}
	return out, nil
}

// HookRollup is one minute of one hook point's timings.
type HookRollup struct {
	Minute    int64  `db:"minute" json:"minute"`
	HookPoint string `db:"hook_point" json:"hook_point"`
	Calls     int64  `db:"calls" json:"calls"`
	P50NS     int64  `db:"p50_ns" json:"p50_ns"`
	P99NS     int64  `db:"p99_ns" json:"p99_ns"`
}

// ListHookRollups returns an app's per-minute hook timings with minute >= since.
func (s *Store) ListHookRollups(ctx context.Context, appID, since int64) ([]HookRollup, error) {
	out := []HookRollup{}
	if err := s.db.SelectContext(ctx, &out, s.q(`SELECT minute, hook_point, calls, p50_ns, p99_ns
		FROM hook_rollups WHERE app_id = ? AND minute >= ? ORDER BY minute, hook_point`), appID, since); err != nil {
		return nil, fmt.Errorf("store: list hook rollups: %w", err)
	}
	return out, nil
}
