package store

import (
	"context"
	"fmt"
	"time"
)

// PurgeResult counts the rows Purge deleted.
type PurgeResult struct {
	Events, Rollups, Batches, Commands, Sessions, Deliveries int64
}

// Purge deletes events, rollups, batch markers, expired sessions and old
// webhook deliveries older than maxAge, and commands older than maxAge
// that every live instance has passed. Batch markers are kept at least a
// day so that late retries stay idempotent.
func (s *Store) Purge(ctx context.Context, maxAge time.Duration) (PurgeResult, error) {
	var r PurgeResult
	now := s.nowMS()
	cut := now - maxAge.Milliseconds()
	batchCut := min(cut, now-int64(24*time.Hour/time.Millisecond))
	steps := []struct {
		n     *int64
		query string
		arg   int64
	}{
		{&r.Events, "DELETE FROM events WHERE time < ?", cut},
		{&r.Rollups, "DELETE FROM metric_rollups WHERE minute < ?", cut},
		{&r.Rollups, "DELETE FROM hook_rollups WHERE minute < ?", cut},
		{&r.Rollups, "DELETE FROM ip_rollups WHERE minute < ?", cut},
		{&r.Rollups, "DELETE FROM instance_rollups WHERE minute < ?", cut},
		{&r.Batches, "DELETE FROM batches WHERE received_at < ?", batchCut},
		{&r.Sessions, "DELETE FROM sessions WHERE expires_at < ?", now},
		{&r.Deliveries, "DELETE FROM webhook_deliveries WHERE created_at < ? AND status <> 'pending'", cut},
		{&r.Commands, `DELETE FROM commands WHERE created_at < ? AND seq <= (SELECT COALESCE(MIN(cursor), 0) FROM instances
			WHERE instances.app_id = commands.app_id AND logout_at = 0)`, cut},
	}
	for _, st := range steps {
		res, err := s.db.ExecContext(ctx, s.q(st.query), st.arg)
		if err != nil {
			return r, fmt.Errorf("store: purge: %w", err)
		}
		n, _ := res.RowsAffected()
		*st.n += n
	}
	return r, nil
}
