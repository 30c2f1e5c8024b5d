package playbook

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqreen-go/sqreen/platform/playbook/condition"
	"github.com/sqreen-go/sqreen/platform/store"
)

// LeaseName is the lease the replica running playbooks holds.
const LeaseName = "playbooks"

// Runner evaluates the playbooks periodically on the replica that holds
// the lease.
type Runner struct {
	Store *store.Store
	// Holder names this replica in the lease (unique per process).
	Holder string
	// Interval between runs (default 10 s); the lease lasts 3 intervals.
	Interval time.Duration
	Logger   *slog.Logger
	// OnFiring, when set, is called after each firing is stored (webhooks).
	OnFiring func(store.Firing)

	leader atomic.Bool
	// Firings counts firings since start (for /metrics).
	Firings atomic.Int64

	// mu serializes runs; feed holds the in-memory aggregates between
	// them (see feed and tally), on the leader only.
	mu   sync.Mutex
	feed feed
	// direct asks Store.Aggregate for every aggregate, the way before the
	// feed (benchmarks compare the two).
	direct bool
}

// Leader reports whether this replica ran the playbooks last time.
func (r *Runner) Leader() bool { return r.leader.Load() }

// Run loops until ctx ends, then gives the lease up.
func (r *Runner) Run(ctx context.Context) {
	if r.Interval <= 0 {
		r.Interval = 10 * time.Second
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	t := time.NewTicker(r.Interval)
	defer t.Stop()
	defer r.Store.ReleaseLease(context.WithoutCancel(ctx), LeaseName, r.Holder)
	for {
		ok, err := r.Store.AcquireLease(ctx, LeaseName, r.Holder, 3*r.Interval)
		if err != nil {
			r.Logger.Warn("playbooks: lease", "err", err)
		}
		r.leader.Store(ok)
		if !ok && err == nil {
			// Another replica leads: free the aggregates, rebuilt from the
			// database if this one leads again. (After a failed lease query
			// they stay: reading the events since the last id catches up.)
			r.dropAggregates()
		}
		if ok {
			if err := r.RunOnce(ctx); err != nil && ctx.Err() == nil {
				r.Logger.Error("playbooks: run", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce evaluates every enabled playbook for every app. It first reads
// the events stored since the last run into the in-memory aggregates (all
// the events of the longest windows on the first run).
func (r *Runner) RunOnce(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	pbs, err := r.Store.ListPlaybooks(ctx)
	if err != nil {
		return err
	}
	apps, err := r.Store.ListApps(ctx)
	if err != nil {
		return err
	}
	conds := r.compile(pbs)
	now := time.Now()
	var t *tally
	if !r.direct {
		r.feed.store = r.Store
		if err := r.feed.sync(ctx, now, horizons(conds)); err != nil {
			return fmt.Errorf("playbooks: read new events: %w", err)
		}
		t = r.feed.tally
	}
	for _, c := range conds {
		for _, app := range apps {
			if err := r.evaluate(ctx, c.pb, c.cond, app.ID, now, t); err != nil {
				return fmt.Errorf("playbook %q, app %d: %w", c.pb.Name, app.ID, err)
			}
		}
	}
	return nil
}

// dropAggregates frees the in-memory aggregates of a replica that no
// longer leads.
func (r *Runner) dropAggregates() {
	r.mu.Lock()
	r.feed.reset()
	r.mu.Unlock()
}

// compiled is an enabled playbook and its condition.
type compiled struct {
	pb   store.Playbook
	cond *condition.Condition
}

// compile compiles the enabled playbooks, logging and skipping bad ones.
func (r *Runner) compile(pbs []store.Playbook) []compiled {
	var out []compiled
	for _, p := range pbs {
		if !p.Enabled {
			continue
		}
		cond, err := condition.Compile(p.Subject, p.Condition)
		if err != nil {
			r.logger().Error("playbooks: bad condition", "playbook", p.Name, "err", err)
			continue
		}
		out = append(out, compiled{p, cond})
	}
	return out
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.Default()
	}
	return r.Logger
}

func (r *Runner) evaluate(ctx context.Context, p store.Playbook, cond *condition.Condition, appID int64, now time.Time, t *tally) error {
	cs := &counts{ctx: ctx, store: r.Store, tally: t, app: appID, now: now, cache: map[useKey]map[string]int64{}}
	candidates := cs.candidates(cond.Uses(), p.Subject)
	if cs.err != nil {
		return cs.err
	}
	env, agg := cs.environment(cond.Uses(), p.Subject)
	var firings []store.FiringRecord
	for value, n := range candidates {
		if n <= 0 {
			continue
		}
		agg.Value = value
		hold, err := cond.Eval(env)
		if cs.err != nil {
			return cs.err
		}
		if err != nil {
			r.logger().Warn("playbooks: evaluate", "playbook", p.Name, "subject", value, "err", err)
			continue
		}
		if hold {
			rec, ok, err := r.firing(ctx, p, cond, appID, value, cs)
			if err != nil {
				return err
			}
			if ok {
				firings = append(firings, rec)
			}
		}
	}
	// Stored together: a playbook that blocks thousands of IPs in one run
	// took a transaction each, each one holding SQLite's only writer.
	stored, err := r.Store.RecordFirings(ctx, firings)
	for _, f := range stored {
		r.Firings.Add(1)
		r.logger().Info("playbook fired", "playbook", p.Name, "app", appID, "subject", f.Subject, "action", p.Action)
		if r.OnFiring != nil {
			r.OnFiring(f)
		}
	}
	return err
}

// firing returns the firing to record for a subject value that meets the
// condition, and false when there is none: the value is already blocked,
// or the alert was raised within the condition's longest window.
func (r *Runner) firing(ctx context.Context, p store.Playbook, cond *condition.Condition, appID int64, value string, cs *counts) (store.FiringRecord, bool, error) {
	f := store.Firing{PlaybookID: p.ID, AppID: appID, Subject: value, Action: p.Action, EvidenceJSON: evidence(cond, cs, p.Subject, value)}
	var nb *store.NewBlock
	switch p.Action {
	case store.ActionBlockIP, store.ActionBlockUser:
		kind := store.BlockIP
		if p.Action == store.ActionBlockUser {
			kind = store.BlockUser
		}
		active, err := r.Store.ActiveBlock(ctx, appID, kind, value)
		if err != nil || active {
			return store.FiringRecord{}, false, err
		}
		nb = &store.NewBlock{AppID: appID, Kind: kind, Value: value, TTL: time.Duration(p.DurationMS) * time.Millisecond,
			Source: "playbook:" + p.Name, Reason: fmt.Sprintf("playbook %s: %s", p.Name, p.Condition)}
	default:
		last, err := r.Store.LastFiring(ctx, p.ID, appID, value)
		if err != nil {
			return store.FiringRecord{}, false, err
		}
		if last > 0 && time.Since(time.UnixMilli(last)) < cond.Longest() {
			return store.FiringRecord{}, false, nil
		}
	}
	return store.FiringRecord{Firing: f, Block: nb}, true, nil
}
