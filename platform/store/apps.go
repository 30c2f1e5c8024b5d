package store

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// App is one protected application. Its agents share one token.
// Times are Unix milliseconds.
type App struct {
	ID                  int64  `db:"id" json:"id"`
	Name                string `db:"name" json:"name"`
	TokenHint           string `db:"token_hint" json:"token_hint"`
	CreatedAt           int64  `db:"created_at" json:"created_at"`
	CommandSeq          int64  `db:"command_seq" json:"command_seq"`
	HeartbeatIntervalMS int64  `db:"heartbeat_interval_ms" json:"heartbeat_interval_ms"`
	// Mode is "monitor", "block" or "disabled".
	Mode          string `db:"mode" json:"mode"`
	BudgetUS      int64  `db:"budget_us" json:"budget_us"`
	HeadersJSON   string `db:"headers_json" json:"-"`
	CSP           string `db:"csp" json:"csp"`
	CSPReportOnly bool   `db:"csp_report_only" json:"csp_report_only"`
}

// Headers decodes the security headers set for the app.
func (a App) Headers() map[string]string {
	h := map[string]string{}
	json.Unmarshal([]byte(a.HeadersJSON), &h)
	return h
}

const appColumns = `id, name, token_hint, created_at, command_seq, heartbeat_interval_ms, mode, budget_us, headers_json, csp, csp_report_only`

var appNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// CreateApp registers an app and returns it with its agent token, which is
// shown this once: only its hash is stored.
func (s *Store) CreateApp(ctx context.Context, name, actor string) (App, string, error) {
	if !appNameRE.MatchString(name) {
		return App{}, "", fmt.Errorf("app name %q: want 1-64 letters, digits, '.', '_' or '-': %w", name, ErrInvalid)
	}
	token := NewToken(AgentTokenPrefix)
	var app App
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, s.q("SELECT count(*) FROM apps WHERE name = ?"), name); err != nil {
			return fmt.Errorf("store: create app: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("app %q: %w", name, ErrConflict)
		}
		id, err := s.insertID(ctx, tx, "INSERT INTO apps (name, token_hash, token_hint, created_at) VALUES (?, ?, ?, ?)",
			name, HashToken(token), tokenHint(token), s.nowMS())
		if err != nil {
			return fmt.Errorf("store: create app %q: %w", name, err)
		}
		if err := tx.GetContext(ctx, &app, s.q("SELECT "+appColumns+" FROM apps WHERE id = ?"), id); err != nil {
			return fmt.Errorf("store: create app %q: %w", name, err)
		}
		return s.audit(ctx, tx, actor, "app.create", name, "")
	})
	if err != nil {
		return App{}, "", err
	}
	return app, token, nil
}

// RotateAppToken replaces an app's agent token and returns the new one.
func (s *Store) RotateAppToken(ctx context.Context, appID int64, actor string) (string, error) {
	token := NewToken(AgentTokenPrefix)
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE apps SET token_hash = ?, token_hint = ? WHERE id = ?"),
			HashToken(token), tokenHint(token), appID)
		if err != nil {
			return fmt.Errorf("store: rotate token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("app %d: %w", appID, ErrNotFound)
		}
		return s.audit(ctx, tx, actor, "app.rotate_token", fmt.Sprint(appID), "")
	})
	return token, err
}

// AppByToken finds the app an agent token belongs to. It reads on the
// read pool: on SQLite, the heartbeats that miss the service's token
// cache together must not queue for the writer's connection.
func (s *Store) AppByToken(ctx context.Context, token string) (App, error) {
	var app App
	err := s.rdb.GetContext(ctx, &app, s.q("SELECT "+appColumns+" FROM apps WHERE token_hash = ?"), HashToken(token))
	if err != nil {
		return App{}, notFound(err, "app for token")
	}
	return app, nil
}

// GetApp returns one app.
func (s *Store) GetApp(ctx context.Context, id int64) (App, error) {
	var app App
	if err := s.db.GetContext(ctx, &app, s.q("SELECT "+appColumns+" FROM apps WHERE id = ?"), id); err != nil {
		return App{}, notFound(err, fmt.Sprintf("app %d", id))
	}
	return app, nil
}

// AppByName returns the app with that name.
func (s *Store) AppByName(ctx context.Context, name string) (App, error) {
	var app App
	if err := s.db.GetContext(ctx, &app, s.q("SELECT "+appColumns+" FROM apps WHERE name = ?"), name); err != nil {
		return App{}, notFound(err, fmt.Sprintf("app %q", name))
	}
	return app, nil
}

// ListApps returns every app by name.
func (s *Store) ListApps(ctx context.Context) ([]App, error) {
	apps := []App{}
	if err := s.db.SelectContext(ctx, &apps, "SELECT "+appColumns+" FROM apps ORDER BY name"); err != nil {
		return nil, fmt.Errorf("store: list apps: %w", err)
	}
	return apps, nil
}

// AppSettings are the per-app knobs pushed to agents. A nil field is left
// as it is.
type AppSettings struct {
	Mode                *string           `json:"mode,omitempty"`
	BudgetUS            *int64            `json:"budget_us,omitempty"`
	HeartbeatIntervalMS *int64            `json:"heartbeat_interval_ms,omitempty"`
	Headers             map[string]string `json:"headers,omitempty"`
	CSP                 *string           `json:"csp,omitempty"`
	CSPReportOnly       *bool             `json:"csp_report_only,omitempty"`
}

var modes = map[string]wire.Mode{"monitor": wire.Mode_MODE_MONITOR, "block": wire.Mode_MODE_BLOCK, "disabled": wire.Mode_MODE_DISABLED}

func (st AppSettings) validate() error {
	if st.Mode != nil {
		if _, ok := modes[*st.Mode]; !ok {
			return fmt.Errorf("mode %q: want monitor, block or disabled: %w", *st.Mode, ErrInvalid)
		}
	}
	if st.BudgetUS != nil && (*st.BudgetUS < 0 || *st.BudgetUS > 1_000_000) {
		return fmt.Errorf("budget_us %d: want 0..1000000: %w", *st.BudgetUS, ErrInvalid)
	}
	if st.HeartbeatIntervalMS != nil && (*st.HeartbeatIntervalMS < 100 || *st.HeartbeatIntervalMS > 3_600_000) {
		return fmt.Errorf("heartbeat_interval_ms %d: want 100..3600000: %w", *st.HeartbeatIntervalMS, ErrInvalid)
	}
	for k := range st.Headers {
		if k == "" || len(k) > 128 {
			return fmt.Errorf("header name %q: want 1-128 characters: %w", k, ErrInvalid)
		}
	}
	return nil
}

// UpdateAppSettings changes an app's settings and queues the commands that
// carry them to its agents.
func (s *Store) UpdateAppSettings(ctx context.Context, appID int64, st AppSettings, actor string) (App, error) {
	if err := st.validate(); err != nil {
		return App{}, err
	}
	var app App
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &app, s.q("SELECT "+appColumns+" FROM apps WHERE id = ?"), appID); err != nil {
			return notFound(err, fmt.Sprintf("app %d", appID))
		}
		var cmds []*wire.Command
		if st.Mode != nil {
			app.Mode = *st.Mode
			cmds = append(cmds, &wire.Command{Action: &wire.Command_SetMode{SetMode: &wire.SetMode{Mode: modes[app.Mode]}}})
		}
		if st.BudgetUS != nil {
			app.BudgetUS = *st.BudgetUS
			cmds = append(cmds, &wire.Command{Action: &wire.Command_SetBudget{SetBudget: &wire.SetBudget{PerRequestUs: app.BudgetUS}}})
		}
		if st.HeartbeatIntervalMS != nil {
			app.HeartbeatIntervalMS = *st.HeartbeatIntervalMS
			cmds = append(cmds, &wire.Command{Action: &wire.Command_SetHeartbeatInterval{SetHeartbeatInterval: &wire.SetHeartbeatInterval{IntervalMs: app.HeartbeatIntervalMS}}})
		}
		if st.Headers != nil || st.CSP != nil || st.CSPReportOnly != nil {
			if st.Headers != nil {
				b, _ := json.Marshal(st.Headers)
				app.HeadersJSON = string(b)
			}
			if st.CSP != nil {
				app.CSP = *st.CSP
			}
			if st.CSPReportOnly != nil {
				app.CSPReportOnly = *st.CSPReportOnly
			}
			cmds = append(cmds, headersCommand(app))
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE apps SET mode = ?, budget_us = ?, heartbeat_interval_ms = ?,
			headers_json = ?, csp = ?, csp_report_only = ? WHERE id = ?`),
			app.Mode, app.BudgetUS, app.HeartbeatIntervalMS, app.HeadersJSON, app.CSP, app.CSPReportOnly, appID); err != nil {
			return fmt.Errorf("store: update app %d: %w", appID, err)
		}
		for _, c := range cmds {
			if _, err := s.appendCommand(ctx, tx, appID, c); err != nil {
				return err
			}
		}
		detail, _ := json.Marshal(st)
		return s.audit(ctx, tx, actor, "app.settings", app.Name, string(detail))
	})
	if err != nil {
		return App{}, err
	}
	return s.GetApp(ctx, appID)
}

func headersCommand(app App) *wire.Command {
	return &wire.Command{Action: &wire.Command_SetHeaders{SetHeaders: &wire.SetHeaders{
		Headers: app.Headers(), Csp: app.CSP, CspReportOnly: app.CSPReportOnly}}}
}
