package store

import (
	"context"
	"fmt"
)

// InstanceCost is what the protection cost one instance of an app over a
// span, summed from instance_rollups: the counts its heartbeats reported
// and its engine time.
type InstanceCost struct {
	// InstanceRef is the instance's row id (Instance.ID).
	InstanceRef    int64 `db:"instance_ref" json:"instance_ref"`
	Requests       int64 `db:"requests" json:"requests"`
	Blocked        int64 `db:"blocked" json:"blocked"`
	BudgetOverruns int64 `db:"budget_overruns" json:"budget_overruns"`
	Panics         int64 `db:"panics" json:"panics"` // recovered in rules or detectors
	EventsDropped  int64 `db:"events_dropped" json:"events_dropped"`
	Events         int64 `db:"events" json:"events"`
	EngineTiming
}

// add merges one more minute (or instance) into c: counts added, engine
// timing merged as EngineTiming.Merge says.
func (c *InstanceCost) add(o InstanceCost) {
	c.Requests += o.Requests
	c.Blocked += o.Blocked
	c.BudgetOverruns += o.BudgetOverruns
	c.Panics += o.Panics
	c.EventsDropped += o.EventsDropped
	c.Events += o.Events
	c.EngineTiming = c.EngineTiming.Merge(o.EngineTiming)
}

// InstanceCosts returns the cost of each instance of an app that reported
// metrics in the minutes >= since (Unix milliseconds; a minute counts when
// it starts at or after since, as ListRollups), ordered by InstanceRef.
// Instances that sent no heartbeat then are absent.
//
// The minutes are merged here rather than by SQL sums so that the engine
// timing has one definition (EngineTiming.Merge); a window of minutes
// holds few rows per instance.
func (s *Store) InstanceCosts(ctx context.Context, appID, since int64) ([]InstanceCost, error) {
	var rows []InstanceCost
	if err := s.db.SelectContext(ctx, &rows, s.q(`SELECT instance_ref, requests, blocked, budget_overruns, panics,
		events_dropped, events, calls, p50_ns, p99_ns
		FROM instance_rollups WHERE app_id = ? AND minute >= ? ORDER BY instance_ref, minute`), appID, since); err != nil {
		return nil, fmt.Errorf("store: instance costs of app %d: %w", appID, err)
	}
	out := []InstanceCost{}
	for _, r := range rows {
		if n := len(out); n > 0 && out[n-1].InstanceRef == r.InstanceRef {
			out[n-1].add(r)
			continue
		}
		out = append(out, r)
	}
	return out, nil
}
