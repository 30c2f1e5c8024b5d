package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Playbook subjects: what a condition is evaluated for.
const (
	SubjectIP       = "ip"
	SubjectUser     = "user"
	SubjectEndpoint = "endpoint"
	SubjectApp      = "app"
)

// Playbook actions.
const (
	ActionBlockIP   = "block_ip"
	ActionBlockUser = "block_user"
	ActionAlert     = "alert"
)

// Playbook is an expr condition over time-window aggregates of one
// subject, and the response when it holds. Playbooks apply to every app.
type Playbook struct {
	ID          int64  `db:"id" json:"id"`
	Name        string `db:"name" json:"name"`
	Description string `db:"description" json:"description"`
	Subject     string `db:"subject" json:"subject"`
	Condition   string `db:"condition" json:"condition"`
	Action      string `db:"action" json:"action"`
	// DurationMS is the block's lifetime (block actions).
	DurationMS int64 `db:"duration_ms" json:"duration_ms"`
	Enabled    bool  `db:"enabled" json:"enabled"`
	Builtin    bool  `db:"builtin" json:"builtin"`
	CreatedAt  int64 `db:"created_at" json:"created_at"`
	UpdatedAt  int64 `db:"updated_at" json:"updated_at"`
}

const playbookColumns = "id, name, description, subject, condition, action, duration_ms, enabled, builtin, created_at, updated_at"

// PlaybookChecker compiles a condition for a subject (the playbook
// package provides it) so that bad conditions are refused when saved.
type PlaybookChecker func(subject, condition string) error

func (p Playbook) validate(check PlaybookChecker) error {
	if !appNameRE.MatchString(p.Name) {
		return fmt.Errorf("playbook name %q: want 1-64 letters, digits, '.', '_' or '-': %w", p.Name, ErrInvalid)
	}
	switch p.Subject {
	case SubjectIP, SubjectUser, SubjectEndpoint, SubjectApp:
	default:
		return fmt.Errorf("playbook %q subject %q: want ip, user, endpoint or app: %w", p.Name, p.Subject, ErrInvalid)
	}
	switch {
	case p.Action == ActionBlockIP && p.Subject != SubjectIP,
		p.Action == ActionBlockUser && p.Subject != SubjectUser:
		return fmt.Errorf("playbook %q action %q: does not fit subject %q: %w", p.Name, p.Action, p.Subject, ErrInvalid)
	case p.Action != ActionBlockIP && p.Action != ActionBlockUser && p.Action != ActionAlert:
		return fmt.Errorf("playbook %q action %q: want block_ip, block_user or alert: %w", p.Name, p.Action, ErrInvalid)
	}
	if p.DurationMS < 0 || p.DurationMS > int64(365*24*time.Hour/time.Millisecond) {
		return fmt.Errorf("playbook %q duration_ms %d: want 0..1 year: %w", p.Name, p.DurationMS, ErrInvalid)
	}
	if check != nil {
		if err := check(p.Subject, p.Condition); err != nil {
			return fmt.Errorf("playbook %q condition: %w: %w", p.Name, err, ErrInvalid)
		}
	}
	return nil
}

// SavePlaybook creates a playbook (ID 0) or updates one; built-in
// playbooks can be edited and disabled, never deleted.
func (s *Store) SavePlaybook(ctx context.Context, p Playbook, check PlaybookChecker, actor string) (Playbook, error) {
	if err := p.validate(check); err != nil {
		return Playbook{}, err
	}
	now := s.nowMS()
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if p.ID == 0 {
			var n int
			if err := tx.GetContext(ctx, &n, s.q("SELECT count(*) FROM playbooks WHERE name = ?"), p.Name); err != nil {
				return fmt.Errorf("store: save playbook: %w", err)
			}
			if n > 0 {
				return fmt.Errorf("playbook %q: %w", p.Name, ErrConflict)
			}
			p.CreatedAt, p.UpdatedAt = now, now
			var err error
			if p.ID, err = s.insertID(ctx, tx, `INSERT INTO playbooks (name, description, subject, condition, action, duration_ms,
				enabled, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				p.Name, p.Description, p.Subject, p.Condition, p.Action, p.DurationMS, p.Enabled, p.Builtin, now, now); err != nil {
				return fmt.Errorf("store: create playbook %q: %w", p.Name, err)
			}
			return s.audit(ctx, tx, actor, "playbook.create", p.Name, p.Condition)
		}
		p.UpdatedAt = now
		res, err := tx.ExecContext(ctx, s.q(`UPDATE playbooks SET name = ?, description = ?, subject = ?, condition = ?, action = ?,
			duration_ms = ?, enabled = ?, updated_at = ? WHERE id = ?`),
			p.Name, p.Description, p.Subject, p.Condition, p.Action, p.DurationMS, p.Enabled, now, p.ID)
		if err != nil {
			return fmt.Errorf("store: update playbook %q: %w", p.Name, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("playbook %d: %w", p.ID, ErrNotFound)
		}
		return s.audit(ctx, tx, actor, "playbook.update", p.Name, fmt.Sprintf("enabled=%t condition=%s", p.Enabled, p.Condition))
	})
	if err != nil {
		return Playbook{}, err
	}
	return s.GetPlaybook(ctx, p.ID)
}

// EnsurePlaybooks inserts the given (built-in) playbooks that do not exist
// yet by name, leaving edited ones alone.
func (s *Store) EnsurePlaybooks(ctx context.Context, pbs []Playbook, check PlaybookChecker) error {
	for _, p := range pbs {
		var n int
		if err := s.db.GetContext(ctx, &n, s.q("SELECT count(*) FROM playbooks WHERE name = ?"), p.Name); err != nil {
			return fmt.Errorf("store: ensure playbooks: %w", err)
		}
		if n > 0 {
			continue
		}
		p.ID = 0
		if _, err := s.SavePlaybook(ctx, p, check, "system"); err != nil && !isConflict(err) {
			return err
		}
	}
	return nil
}

// DeletePlaybook removes a user-defined playbook.
func (s *Store) DeletePlaybook(ctx context.Context, id int64, actor string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var p Playbook
		if err := tx.GetContext(ctx, &p, s.q("SELECT "+playbookColumns+" FROM playbooks WHERE id = ?"), id); err != nil {
			return notFound(err, fmt.Sprintf("playbook %d", id))
		}
		if p.Builtin {
			return fmt.Errorf("playbook %q is built in: disable it instead: %w", p.Name, ErrInvalid)
		}
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM playbooks WHERE id = ?"), id); err != nil {
			return fmt.Errorf("store: delete playbook: %w", err)
		}
		return s.audit(ctx, tx, actor, "playbook.delete", p.Name, "")
	})
}

// GetPlaybook returns one playbook.
func (s *Store) GetPlaybook(ctx context.Context, id int64) (Playbook, error) {
	var p Playbook
	if err := s.db.GetContext(ctx, &p, s.q("SELECT "+playbookColumns+" FROM playbooks WHERE id = ?"), id); err != nil {
		return Playbook{}, notFound(err, fmt.Sprintf("playbook %d", id))
	}
	return p, nil
}

// ListPlaybooks returns every playbook by name.
func (s *Store) ListPlaybooks(ctx context.Context) ([]Playbook, error) {
	out := []Playbook{}
	if err := s.db.SelectContext(ctx, &out, "SELECT "+playbookColumns+" FROM playbooks ORDER BY name"); err != nil {
		return nil, fmt.Errorf("store: list playbooks: %w", err)
	}
	return out, nil
}

// Firing is one time a playbook's condition held for a subject.
type Firing struct {
	ID           int64  `db:"id" json:"id"`
	PlaybookID   int64  `db:"playbook_id" json:"playbook_id"`
	AppID        int64  `db:"app_id" json:"app_id"`
	Subject      string `db:"subject" json:"subject"`
	FiredAt      int64  `db:"fired_at" json:"fired_at"`
	Action       string `db:"action" json:"action"`
	BlockID      int64  `db:"block_id" json:"block_id"`
	EvidenceJSON string `db:"evidence_json" json:"evidence"`
}

// RecordFiring stores a firing and, when nb is not nil, the block it
// decided, in one transaction.
func (s *Store) RecordFiring(ctx context.Context, f Firing, nb *NewBlock) (Firing, error) {
	out, err := s.RecordFirings(ctx, []FiringRecord{{f, nb}})
	if err != nil {
		return f, err
	}
	return out[0], nil
}

// FiringRecord is a firing to store and the block it decided (nil for
// an alert).
type FiringRecord struct {
	Firing Firing
	Block  *NewBlock
}

// firingsPerTx bounds the firings stored in one transaction: on SQLite a
// transaction holds the only writer, and heartbeats wait for it.
const firingsPerTx = 100

// RecordFirings stores firings and their blocks, up to firingsPerTx in a
// transaction (a playbook that blocks thousands of IPs at once paid a
// transaction each), and returns them stored. On an error, the firings of
// the transactions committed before it are returned with it.
func (s *Store) RecordFirings(ctx context.Context, recs []FiringRecord) ([]Firing, error) {
	out := make([]Firing, 0, len(recs))
	for start := 0; start < len(recs); start += firingsPerTx {
		chunk := recs[start:min(start+firingsPerTx, len(recs))]
		stored := make([]Firing, 0, len(chunk))
		now := s.nowMS()
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			stored = stored[:0]
			for _, r := range chunk {
				f := r.Firing
				f.FiredAt = now
				if r.Block != nil {
					b, err := s.createBlockTx(ctx, tx, *r.Block, "playbook")
					if err != nil {
						return err
					}
					f.BlockID = b.ID
				}
				var err error
				f.ID, err = s.insertID(ctx, tx, `INSERT INTO playbook_firings (playbook_id, app_id, subject, fired_at, action, block_id, evidence_json)
					VALUES (?, ?, ?, ?, ?, ?, ?)`, f.PlaybookID, f.AppID, f.Subject, f.FiredAt, f.Action, f.BlockID, f.EvidenceJSON)
				if err != nil {
					return fmt.Errorf("store: record firing: %w", err)
				}
				stored = append(stored, f)
			}
			return nil
		})
		if err != nil {
			return out, err
		}
		out = append(out, stored...)
	}
	return out, nil
}

// LastFiring returns when a playbook last fired for a subject of an app
// (0: never), so alerts are not repeated every run.
func (s *Store) LastFiring(ctx context.Context, playbookID, appID int64, subject string) (int64, error) {
	var t int64
	err := s.rdb.GetContext(ctx, &t, s.q(`SELECT COALESCE(MAX(fired_at), 0) FROM playbook_firings
		WHERE playbook_id = ? AND app_id = ? AND subject = ?`), playbookID, appID, subject)
	if err != nil {
		return 0, fmt.Errorf("store: last firing: %w", err)
	}
	return t, nil
}

// ListFirings returns firings, newest first (appID 0: all apps).
func (s *Store) ListFirings(ctx context.Context, appID int64, page Page) ([]Firing, error) {
	query := "SELECT id, playbook_id, app_id, subject, fired_at, action, block_id, evidence_json FROM playbook_firings WHERE 1=1"
	var args []any
	if appID != 0 {
		query += " AND app_id = ?"
		args = append(args, appID)
	}
	query, args = page.apply(query, "id", args)
	out := []Firing{}
	if err := s.db.SelectContext(ctx, &out, s.q(query), args...); err != nil {
		return nil, fmt.Errorf("store: list firings: %w", err)
	}
	return out, nil
}
