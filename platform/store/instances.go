package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// Instance is one running process of an app. Times are Unix milliseconds;
// LogoutAt is 0 while it runs.
type Instance struct {
	ID               int64  `db:"id" json:"id"`
	AppID            int64  `db:"app_id" json:"app_id"`
	InstanceID       string `db:"instance_id" json:"instance_id"`
	Host             string `db:"host" json:"host"`
	PID              int64  `db:"pid" json:"pid"`
	GoVersion        string `db:"go_version" json:"go_version"`
	AgentVersion     string `db:"agent_version" json:"agent_version"`
	MainModule       string `db:"main_module" json:"main_module"`
	RulesVersion     string `db:"rules_version" json:"rules_version"`
	DependenciesJSON string `db:"dependencies_json" json:"-"`
	SitesJSON        string `db:"sites_json" json:"-"`
	StartedAt        int64  `db:"started_at" json:"started_at"`
	LoginAt          int64  `db:"login_at" json:"login_at"`
	LastHeartbeatAt  int64  `db:"last_heartbeat_at" json:"last_heartbeat_at"`
	LogoutAt         int64  `db:"logout_at" json:"logout_at"`
	Cursor           int64  `db:"cursor" json:"cursor"`
}

// Dependency is one module the instance links.
type Dependency struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Sum     string `json:"sum,omitempty"`
}

// Site is one instrumented place of the instance's binary.
type Site struct {
	HookPoint string `json:"hook_point"`
	Package   string `json:"package"`
	File      string `json:"file"`
	Line      int32  `json:"line"`
	Function  string `json:"function"`
}

// Dependencies decodes the instance's dependency list.
func (in Instance) Dependencies() []Dependency {
	var d []Dependency
	json.Unmarshal([]byte(in.DependenciesJSON), &d)
	return d
}

// Sites decodes the instance's instrumented sites.
func (in Instance) Sites() []Site {
	var s []Site
	json.Unmarshal([]byte(in.SitesJSON), &s)
	return s
}

const instanceColumns = `id, app_id, instance_id, host, pid, go_version, agent_version, main_module, rules_version,
	dependencies_json, sites_json, started_at, login_at, last_heartbeat_at, logout_at, cursor`

// Login records an instance logging in (again) and returns its row.
func (s *Store) Login(ctx context.Context, appID int64, req *wire.LoginRequest) (Instance, error) {
	deps := make([]Dependency, len(req.Dependencies))
	for i, d := range req.Dependencies {
		deps[i] = Dependency{Path: d.Path, Version: d.Version, Sum: d.Sum}
	}
	sites := make([]Site, len(req.Sites))
	for i, st := range req.Sites {
		sites[i] = Site{HookPoint: st.HookPoint, Package: st.Package, File: st.File, Line: st.Line, Function: st.Function}
	}
	depsJSON, _ := json.Marshal(deps)
	sitesJSON, _ := json.Marshal(sites)
	now := s.nowMS()
	var in Instance
	err := s.db.GetContext(ctx, &in, s.q(`INSERT INTO instances (app_id, instance_id, host, pid, go_version, agent_version,
		main_module, rules_version, dependencies_json, sites_json, started_at, login_at, last_heartbeat_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (app_id, instance_id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
			go_version = excluded.go_version, agent_version = excluded.agent_version, main_module = excluded.main_module,
			rules_version = excluded.rules_version, dependencies_json = excluded.dependencies_json,
			sites_json = excluded.sites_json, started_at = excluded.started_at, login_at = excluded.login_at,
			last_heartbeat_at = excluded.last_heartbeat_at, logout_at = 0
		RETURNING `+instanceColumns),
		appID, req.InstanceId, req.Host, req.Pid, req.GoVersion, req.AgentVersion, req.MainModule, req.RulesVersion,
		string(depsJSON), string(sitesJSON), req.StartedUnixMs, now, now)
	if err != nil {
		return Instance{}, fmt.Errorf("store: login instance %q: %w", req.InstanceId, err)
	}
	return in, nil
}

// Logout marks an instance as stopped.
func (s *Store) Logout(ctx context.Context, appID int64, instanceID string) error {
	res, err := s.db.ExecContext(ctx, s.q("UPDATE instances SET logout_at = ? WHERE app_id = ? AND instance_id = ?"), s.nowMS(), appID, instanceID)
	if err != nil {
		return fmt.Errorf("store: logout %q: %w", instanceID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("instance %q: %w", instanceID, ErrNotFound)
	}
	return nil
}

// ListInstances returns an app's instances, most recently seen first.
func (s *Store) ListInstances(ctx context.Context, appID int64) ([]Instance, error) {
	out := []Instance{}
	if err := s.db.SelectContext(ctx, &out, s.q("SELECT "+instanceColumns+" FROM instances WHERE app_id = ? ORDER BY last_heartbeat_at DESC, id"), appID); err != nil {
		return nil, fmt.Errorf("store: list instances: %w", err)
	}
	return out, nil
}

// GetInstance returns one instance by its row id.
func (s *Store) GetInstance(ctx context.Context, id int64) (Instance, error) {
	var in Instance
	if err := s.db.GetContext(ctx, &in, s.q("SELECT "+instanceColumns+" FROM instances WHERE id = ?"), id); err != nil {
		return Instance{}, notFound(err, fmt.Sprintf("instance %d", id))
	}
	return in, nil
}
