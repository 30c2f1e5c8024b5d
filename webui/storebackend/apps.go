package storebackend

import (
	"context"
	"fmt"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
)

func toApp(a store.App) backend.App {
	return backend.App{ID: fmtID(a.ID), Name: a.Name, CreatedAt: fromMS(a.CreatedAt)}
}

// ListApps implements backend.Apps.
func (b *Backend) ListApps(ctx context.Context) ([]backend.App, error) {
	apps, err := b.st.ListApps(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backend.App, len(apps))
	for i, a := range apps {
		out[i] = toApp(a)
	}
	return out, nil
}

func (b *Backend) app(ctx context.Context, id string) (store.App, error) {
	n, err := parseID("app", id)
	if err != nil {
		return store.App{}, err
	}
	a, err := b.st.GetApp(ctx, n)
	return a, convert(err)
}

// GetApp implements backend.Apps.
func (b *Backend) GetApp(ctx context.Context, id string) (backend.App, error) {
	a, err := b.app(ctx, id)
	if err != nil {
		return backend.App{}, err
	}
	return toApp(a), nil
}

// costWindow is how far back the cost of protection is summed.
const costWindow = 5 * time.Minute

// instanceCosts returns the cost of protection of each instance of an app
// over the last costWindow, by instance row id. The engine p50/p99 are the
// store's call-weighted means (store.EngineTiming).
func (b *Backend) instanceCosts(ctx context.Context, appID int64) (map[int64]backend.Cost, error) {
	since := b.opts.Now().Add(-costWindow).UnixMilli()
	costs, err := b.st.InstanceCosts(ctx, appID, since)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]backend.Cost, len(costs))
	for _, c := range costs {
		out[c.InstanceRef] = backend.Cost{Window: costWindow, Requests: c.Requests, BudgetOverruns: c.BudgetOverruns,
			Panics: c.Panics, DroppedEvents: c.EventsDropped, P50: time.Duration(c.P50NS), P99: time.Duration(c.P99NS)}
	}
	return out, nil
}

// ListInstances implements backend.Apps.
func (b *Backend) ListInstances(ctx context.Context, appID string) ([]backend.Instance, error) {
	a, err := b.app(ctx, appID)
	if err != nil {
		return nil, err
	}
	ins, err := b.st.ListInstances(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	costs, err := b.instanceCosts(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Instance, 0, len(ins))
	for _, in := range ins {
		cost, ok := costs[in.ID]
		if !ok { // no heartbeat in the window: nothing spent
			cost = backend.Cost{Window: costWindow}
		}
		bi := backend.Instance{ID: in.InstanceID, AppID: appID, Host: in.Host, AgentVersion: in.AgentVersion,
			GoVersion: in.GoVersion, StartedAt: fromMS(in.StartedAt), LastHeartbeat: fromMS(in.LastHeartbeatAt),
			Cost: cost}
		if in.LogoutAt != 0 {
			bi.LastHeartbeat = time.Time{} // logged out: never healthy
		}
		for _, d := range in.Dependencies() {
			bi.Deps = append(bi.Deps, backend.Dependency{Path: d.Path, Version: d.Version})
		}
		out = append(out, bi)
	}
	return out, nil
}

// Inventory implements backend.Apps: the union of the instances' sites.
func (b *Backend) Inventory(ctx context.Context, appID string) ([]backend.Site, error) {
	a, err := b.app(ctx, appID)
	if err != nil {
		return nil, err
	}
	ins, err := b.st.ListInstances(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	seen := map[backend.Site]bool{}
	var out []backend.Site
	for _, in := range ins {
		for _, s := range in.Sites() {
			loc := s.Package
			if s.File != "" {
				loc = fmt.Sprintf("%s:%d", s.File, s.Line)
			}
			site := backend.Site{HookPoint: s.HookPoint, Location: loc, Function: s.Function}
			if !seen[site] {
				seen[site] = true
				out = append(out, site)
			}
		}
	}
	return out, nil
}

// DependencyVulns implements backend.Apps: the dependencies the app's
// instances reported, matched against the advisories.
func (b *Backend) DependencyVulns(ctx context.Context, appID string) ([]backend.DependencyVuln, error) {
	a, err := b.app(ctx, appID)
	if err != nil {
		return nil, err
	}
	db, err := b.advisoryDB(ctx)
	if err != nil {
		return nil, err
	}
	if db == nil {
		return nil, nil
	}
	ins, err := b.st.ListInstances(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []backend.DependencyVuln
	for _, in := range ins {
		for _, d := range in.Dependencies() {
			for _, f := range db.Match(d.Path, d.Version) {
				key := f.ID + " " + f.Module + "@" + f.Version
				if !seen[key] {
					seen[key] = true
					out = append(out, backend.DependencyVuln{ID: f.ID, Summary: f.Summary, Module: f.Module,
						Version: f.Version, Fixed: f.Fixed})
				}
			}
		}
	}
	return out, nil
}

// GetSettings implements backend.Protection.
func (b *Backend) GetSettings(ctx context.Context, appID string) (backend.Settings, error) {
	a, err := b.app(ctx, appID)
	if err != nil {
		return backend.Settings{}, err
	}
	return backend.Settings{AppID: appID, Mode: backend.RuleMode(a.Mode),
		TimeBudget: time.Duration(a.BudgetUS) * time.Microsecond, HeartbeatInterval: time.Duration(a.HeartbeatIntervalMS) * time.Millisecond,
		SecurityHeaders: len(a.Headers()) > 0, CSP: a.CSP, Version: 1}, nil
}

// SaveSettings implements backend.Protection.
func (b *Backend) SaveSettings(ctx context.Context, s backend.Settings, by string) (backend.Settings, error) {
	a, err := b.app(ctx, s.AppID)
	if err != nil {
		return backend.Settings{}, err
	}
	if s.HeartbeatInterval < time.Second || s.HeartbeatInterval > time.Hour {
		// The store takes 100ms..1h, but agents apply 1s at least.
		return backend.Settings{}, backend.Invalid("heartbeat_interval", "must be between 1s and 1h, not %s", s.HeartbeatInterval)
	}
	if s.ScrubKeys != "" || s.ScrubValues != "" {
		return backend.Settings{}, backend.Invalid("scrub_keys", "custom scrubbing is not supported by this platform version; leave it empty")
	}
	mode := string(s.Mode)
	budget := s.TimeBudget.Microseconds()
	hb := s.HeartbeatInterval.Milliseconds()
	st := store.AppSettings{Mode: &mode, BudgetUS: &budget, HeartbeatIntervalMS: &hb, CSP: &s.CSP}
	switch have := len(a.Headers()) > 0; {
	case s.SecurityHeaders && !have:
		st.Headers = DefaultHeaders()
	case !s.SecurityHeaders && have:
		st.Headers = map[string]string{}
	}
	if _, err := b.st.UpdateAppSettings(ctx, a.ID, st, by); err != nil {
		return backend.Settings{}, convert(err)
	}
	return b.GetSettings(ctx, s.AppID)
}
