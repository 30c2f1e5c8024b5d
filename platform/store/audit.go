package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// AuditEntry is one recorded change: who did what to what.
type AuditEntry struct {
	ID     int64  `db:"id" json:"id"`
	Time   int64  `db:"time" json:"time"`
	Actor  string `db:"actor" json:"actor"`
	Action string `db:"action" json:"action"`
	Target string `db:"target" json:"target"`
	Detail string `db:"detail" json:"detail"`
}

// audit records a change inside the transaction that makes it.
func (s *Store) audit(ctx context.Context, ex sqlx.ExecerContext, actor, action, target, detail string) error {
	if actor == "" {
		actor = "system"
	}
	if _, err := ex.ExecContext(ctx, s.q("INSERT INTO audit_log (time, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)"),
		s.nowMS(), actor, action, target, detail); err != nil {
		return fmt.Errorf("store: audit %s: %w", action, err)
	}
	return nil
}

// Audit records an action that changes nothing in the store (a login, an
// export).
func (s *Store) Audit(ctx context.Context, actor, action, target, detail string) error {
	return s.audit(ctx, s.db, actor, action, target, detail)
}

// ListAudit returns audit entries, newest first.
func (s *Store) ListAudit(ctx context.Context, page Page) ([]AuditEntry, error) {
	query, args := page.apply("SELECT id, time, actor, action, target, detail FROM audit_log WHERE 1=1", "id", nil)
	out := []AuditEntry{}
	if err := s.db.SelectContext(ctx, &out, s.q(query), args...); err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	return out, nil
}
