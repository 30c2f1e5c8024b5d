package store

import (
	"context"
	"fmt"
)

// Aggregate metrics over a time window, per subject.
const (
	MetricAttacks      = "attacks"
	MetricAuthFailures = "auth_failures"
	MetricAuthSuccess  = "auth_successes"
	MetricNotFound     = "not_found"
	MetricEvents       = "events"
)

// aggregateQueries: subject -> metric -> query with (app_id, since) parameters
// returning (k, n) rows. One row per subject value.
// The playbooks count the same metrics incrementally from ScanEvents*
// (eventscan.go), whose scanColumns classify events with these queries'
// predicates: change both together.
var aggregateQueries = map[string]map[string]string{
	SubjectIP: {
		MetricAttacks:      "SELECT client_ip AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'attack' AND client_ip <> '' GROUP BY client_ip",
		MetricAuthFailures: "SELECT client_ip AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'auth' AND NOT success AND client_ip <> '' GROUP BY client_ip",
		MetricAuthSuccess:  "SELECT client_ip AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'auth' AND success AND client_ip <> '' GROUP BY client_ip",
		MetricEvents:       "SELECT client_ip AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND client_ip <> '' GROUP BY client_ip",
		MetricNotFound:     "SELECT ip AS k, SUM(not_found) AS n FROM ip_rollups WHERE app_id = ? AND minute >= ? GROUP BY ip",
	},
	SubjectUser: {
		MetricAttacks:      "SELECT user_name AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'attack' AND user_name <> '' GROUP BY user_name",
		MetricAuthFailures: "SELECT user_name AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'auth' AND NOT success AND user_name <> '' GROUP BY user_name",
		MetricAuthSuccess:  "SELECT user_name AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'auth' AND success AND user_name <> '' GROUP BY user_name",
		MetricEvents:       "SELECT user_name AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND user_name <> '' GROUP BY user_name",
	},
	SubjectEndpoint: {
		MetricAttacks: "SELECT path AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'attack' AND path <> '' GROUP BY path",
		MetricEvents:  "SELECT path AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND path <> '' GROUP BY path",
	},
	SubjectApp: {
		MetricAttacks:      "SELECT '' AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'attack'",
		MetricAuthFailures: "SELECT '' AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ? AND kind = 'auth' AND NOT success",
		MetricEvents:       "SELECT '' AS k, count(*) AS n FROM events WHERE app_id = ? AND time >= ?",
		MetricNotFound:     "SELECT '' AS k, COALESCE(SUM(not_found), 0) AS n FROM ip_rollups WHERE app_id = ? AND minute >= ?",
	},
}

// AggregateMetrics lists the metrics a subject supports.
func AggregateMetrics(subject string) []string {
	var out []string
	for m := range aggregateQueries[subject] {
		out = append(out, m)
	}
	return out
}

// Aggregate counts a metric per subject value (IP, user, path; "" for the
// app) over an app's events since a time (Unix ms). Per-minute rollups
// (not_found) count whole minutes starting at or after since.
func (s *Store) Aggregate(ctx context.Context, appID int64, subject, metric string, since int64) (map[string]int64, error) {
	query, ok := aggregateQueries[subject][metric]
	if !ok {
		return nil, fmt.Errorf("aggregate %s.%s: unknown: %w", subject, metric, ErrInvalid)
	}
	rows, err := s.rdb.QueryxContext(ctx, s.q(query), appID, since)
	if err != nil {
		return nil, fmt.Errorf("store: aggregate %s.%s: %w", subject, metric, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("store: aggregate %s.%s: %w", subject, metric, err)
		}
		out[k] = n
	}
	return out, rows.Err()
}
