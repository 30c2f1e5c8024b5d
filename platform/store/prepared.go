package store

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// prepared returns the prepared statement for query (already rebound by
// s.q), or nil the first time. The SQLite driver parses a statement at
// every Exec: for the statements each heartbeat runs, that was as costly
// as running them. The statement is prepared in the background because
// the caller holds a transaction, and on SQLite the pool's only writing
// connection; database/sql then prepares it once on each connection that
// uses it. s.stmts also holds the multi-row event inserts, keyed by row
// count; Close closes them all.
func (s *Store) prepared(query string) *sqlx.Stmt {
	return s.preparedAs(query, query)
}

func (s *Store) preparedAs(key any, query string) *sqlx.Stmt {
	v, loaded := s.stmts.LoadOrStore(key, (*sqlx.Stmt)(nil))
	if loaded {
		return v.(*sqlx.Stmt)
	}
	go func() {
		st, err := s.db.Preparex(query)
		if err != nil {
			s.stmts.Delete(key) // try again next time
			return
		}
		s.stmts.Store(key, st)
	}()
	return nil
}

// txExec runs a frequent statement in tx, prepared once it can be.
func (s *Store) txExec(ctx context.Context, tx *sqlx.Tx, query string, args ...any) (sql.Result, error) {
	query = s.q(query)
	if st := s.prepared(query); st != nil {
		return tx.StmtxContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// txGet runs a frequent one-row query in tx, prepared once it can be.
func (s *Store) txGet(ctx context.Context, tx *sqlx.Tx, dest any, query string, args ...any) error {
	query = s.q(query)
	if st := s.prepared(query); st != nil {
		return tx.StmtxContext(ctx, st).GetContext(ctx, dest, args...)
	}
	return tx.GetContext(ctx, dest, query, args...)
}
