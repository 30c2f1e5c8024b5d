package memory

import (
	"context"
	"fmt"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// AddApp stores an app with default settings; an empty ID is filled in.
func (m *Backend) AddApp(a backend.App) backend.App {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a.ID == "" {
		a.ID = m.nextID("app")
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = m.opts.Now()
	}
	m.apps = append(m.apps, a)
	m.settings[a.ID] = []backend.Settings{defaultSettings(a.ID)}
	return a
}

// AddInstance stores or replaces (same ID) an instance.
func (m *Backend) AddInstance(in backend.Instance) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.instances {
		if m.instances[i].ID == in.ID {
			m.instances[i] = in
			return
		}
	}
	m.instances = append(m.instances, in)
}

// SetInventory replaces an app's instrumented sites.
func (m *Backend) SetInventory(appID string, sites []backend.Site) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sites[appID] = append([]backend.Site(nil), sites...)
}

// SetDependencyVulns replaces an app's known dependency vulnerabilities.
func (m *Backend) SetDependencyVulns(appID string, v []backend.DependencyVuln) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.depVulns[appID] = append([]backend.DependencyVuln(nil), v...)
}

// ListApps implements backend.Apps.
func (m *Backend) ListApps(ctx context.Context) ([]backend.App, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]backend.App(nil), m.apps...), nil
}

// GetApp implements backend.Apps.
func (m *Backend) GetApp(ctx context.Context, id string) (backend.App, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.apps {
		if a.ID == id {
			return a, nil
		}
	}
	return backend.App{}, fmt.Errorf("app %q: %w", id, backend.ErrNotFound)
}

// ListInstances implements backend.Apps.
func (m *Backend) ListInstances(ctx context.Context, appID string) ([]backend.Instance, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []backend.Instance
	for _, in := range m.instances {
		if in.AppID == appID {
			out = append(out, in)
		}
	}
	sortBy(out, func(a, b backend.Instance) bool { return a.LastHeartbeat.After(b.LastHeartbeat) })
	return out, nil
}

// Inventory implements backend.Apps.
func (m *Backend) Inventory(ctx context.Context, appID string) ([]backend.Site, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]backend.Site(nil), m.sites[appID]...), nil
}

// DependencyVulns implements backend.Apps.
func (m *Backend) DependencyVulns(ctx context.Context, appID string) ([]backend.DependencyVuln, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]backend.DependencyVuln(nil), m.depVulns[appID]...), nil
}
