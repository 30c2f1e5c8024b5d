package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// The event scans feed the playbooks' incremental aggregates (package
// playbook keeps per-minute counts in memory): each event is read once,
// when it becomes visible, instead of once per run and window by the
// GROUP BY queries of Aggregate. They read on the read pool (s.rdb) and
// only the columns those queries look at.

// EventClass is what the aggregates need of an event's kind and success.
type EventClass uint8

// The classes, as Aggregate's queries tell them apart. Every class
// counts in MetricEvents.
const (
	ClassOther       EventClass = iota // neither an attack nor a login
	ClassAttack                        // kind 'attack': MetricAttacks
	ClassAuthFailure                   // kind 'auth', not success: MetricAuthFailures
	ClassAuthSuccess                   // kind 'auth', success: MetricAuthSuccess
)

// ScannedEvent is one event as the incremental aggregates read it. An
// empty ClientIP, UserName or Path counts for no IP, user or endpoint (as
// in Aggregate).
type ScannedEvent struct {
	ID, AppID int64
	// Time is the event's time (Unix ms), the column Aggregate's windows
	// compare.
	Time     int64
	Class    EventClass
	ClientIP string
	UserName string
	Path     string
}

// IDRange is an inclusive range of event ids.
type IDRange struct{ From, To int64 }

// scanColumns are the columns of a ScannedEvent, in its order; the class
// is computed with the predicates of aggregateQueries.
const scanColumns = `id, app_id, time,
	CASE WHEN kind = 'attack' THEN 1 WHEN kind = 'auth' AND NOT success THEN 2 WHEN kind = 'auth' THEN 3 ELSE 0 END,
	client_ip, user_name, path`

// maxRangesPerScan bounds the OR terms of one ScanEventRanges query.
const maxRangesPerScan = 100

// SettledEventID returns the highest event id whose received_at is
// before the given time (Unix ms), 0 if none. It walks the primary key
// down from the newest event, so it reads the events received since.
func (s *Store) SettledEventID(ctx context.Context, before int64) (int64, error) {
	var ids []int64
	if err := s.rdb.SelectContext(ctx, &ids, s.q(`SELECT id FROM events WHERE received_at < ? ORDER BY id DESC LIMIT 1`), before); err != nil {
		return 0, fmt.Errorf("store: settled event id before %d: %w", before, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// ScanEventsSince calls fn, in no particular order, for every event of
// every app whose time is at or after since (Unix ms) and whose id is at
// most maxID: the rebuild of the aggregates' windows. It reads the time
// index (events_time); the ids are compared here, as an id bound in the
// query would have SQLite walk the primary key from the first event.
func (s *Store) ScanEventsSince(ctx context.Context, since, maxID int64, fn func(*ScannedEvent) error) error {
	q := `SELECT ` + scanColumns + ` FROM events WHERE time >= ?`
	return s.scanEvents(ctx, "events since", q, []any{since}, func(e *ScannedEvent) error {
		if e.ID > maxID {
			return nil
		}
		return fn(e)
	})
}

// ScanEventsAfter calls fn, in id order, for every event whose id is above
// after: the events stored since the last read (primary key range).
func (s *Store) ScanEventsAfter(ctx context.Context, after int64, fn func(*ScannedEvent) error) error {
	q := `SELECT ` + scanColumns + ` FROM events WHERE id > ? ORDER BY id`
	return s.scanEvents(ctx, "events after", q, []any{after}, fn)
}

// ScanEventRanges calls fn, in no particular order, for every event whose
// id is in one of the ranges (maxRangesPerScan ranges per query): events
// whose transactions committed after larger ids were read.
func (s *Store) ScanEventRanges(ctx context.Context, ranges []IDRange, fn func(*ScannedEvent) error) error {
	for len(ranges) > 0 {
		n := min(len(ranges), maxRangesPerScan)
		var b strings.Builder
		args := make([]any, 0, 2*n)
		b.WriteString(`SELECT ` + scanColumns + ` FROM events WHERE `)
		for i, r := range ranges[:n] {
			if i > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString("id BETWEEN ? AND ?")
			args = append(args, r.From, r.To)
		}
		if err := s.scanEvents(ctx, "event ranges", b.String(), args, fn); err != nil {
			return err
		}
		ranges = ranges[n:]
	}
	return nil
}

// scanEvents runs one scan query on the read pool and calls fn per row;
// the event passed to fn is reused for the next row.
func (s *Store) scanEvents(ctx context.Context, what, query string, args []any, fn func(*ScannedEvent) error) error {
	rows, err := s.rdb.QueryxContext(ctx, s.q(query), args...)
	if err != nil {
		return fmt.Errorf("store: scan %s: %w", what, err)
	}
	defer rows.Close()
	if err := scanRows(rows, fn); err != nil {
		return fmt.Errorf("store: scan %s: %w", what, err)
	}
	return nil
}

func scanRows(rows *sqlx.Rows, fn func(*ScannedEvent) error) error {
	var e ScannedEvent
	for rows.Next() {
		if err := rows.Scan(&e.ID, &e.AppID, &e.Time, &e.Class, &e.ClientIP, &e.UserName, &e.Path); err != nil {
			return err
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}
