package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
)

// Advisory is one known vulnerability as imported: the OSV JSON document
// under its id. The store does not read the document; the dashboard's
// matcher does (package webui/osv).
type Advisory struct {
	ID       string `db:"id" json:"id"`
	Modified string `db:"modified" json:"modified"` // OSV "modified", informative
	Doc      string `db:"doc" json:"doc"`
}

// AdvisoryImport is one `vulns import`: its id is the version of the
// advisories (each import raises it).
type AdvisoryImport struct {
	ID         int64  `db:"id" json:"id"`
	ImportedAt int64  `db:"imported_at" json:"imported_at"`
	Source     string `db:"source" json:"source"`
	Advisories int64  `db:"advisories" json:"advisories"`
}

// maxAdvisoryDoc bounds one advisory document (the Go vulnerability
// database's largest are a few tens of kilobytes).
const maxAdvisoryDoc = 1 << 20

// ImportAdvisories stores advs in one transaction, replacing documents
// with the same id and keeping the others, and records the import with
// the audit log. source names the file, for the record.
func (s *Store) ImportAdvisories(ctx context.Context, source string, advs []Advisory, actor string) (AdvisoryImport, error) {
	for i, a := range advs {
		switch {
		case a.ID == "" || len(a.ID) > 256 || !utf8.ValidString(a.ID):
			return AdvisoryImport{}, fmt.Errorf("%w: advisory %d: id %q: want 1-256 bytes of UTF-8", ErrInvalid, i+1, a.ID)
		case a.Doc == "" || len(a.Doc) > maxAdvisoryDoc:
			return AdvisoryImport{}, fmt.Errorf("%w: advisory %s: document of %d bytes, want 1-%d", ErrInvalid, a.ID, len(a.Doc), maxAdvisoryDoc)
		}
	}
	imp := AdvisoryImport{ImportedAt: s.nowMS(), Source: source, Advisories: int64(len(advs))}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		id, err := s.insertID(ctx, tx, `INSERT INTO advisory_imports (imported_at, source, advisories) VALUES (?, ?, ?)`,
			imp.ImportedAt, imp.Source, imp.Advisories)
		if err != nil {
			return fmt.Errorf("store: record advisory import: %w", err)
		}
		imp.ID = id
		upsert := s.q(`INSERT INTO advisories (id, modified, doc, import_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, doc = excluded.doc, import_id = excluded.import_id`)
		for _, a := range advs {
			if _, err := tx.ExecContext(ctx, upsert, a.ID, a.Modified, a.Doc, id); err != nil {
				return fmt.Errorf("store: import advisory %s: %w", a.ID, err)
			}
		}
		return s.audit(ctx, tx, actor, "vulns.import", source, strconv.Itoa(len(advs))+" advisories")
	})
	if err != nil {
		return AdvisoryImport{}, err
	}
	return imp, nil
}

// LatestAdvisoryImport returns the last import (ID 0 when there was none):
// a replica compares its ID with the one it loaded to know when to reload.
func (s *Store) LatestAdvisoryImport(ctx context.Context) (AdvisoryImport, error) {
	var imp AdvisoryImport
	err := s.db.GetContext(ctx, &imp, `SELECT id, imported_at, source, advisories FROM advisory_imports ORDER BY id DESC LIMIT 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return AdvisoryImport{}, nil
	}
	if err != nil {
		return AdvisoryImport{}, fmt.Errorf("store: latest advisory import: %w", err)
	}
	return imp, nil
}

// Advisories returns every stored advisory, by id, and the import they
// are as of.
func (s *Store) Advisories(ctx context.Context) ([]Advisory, AdvisoryImport, error) {
	var out []Advisory
	var imp AdvisoryImport
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &imp, `SELECT id, imported_at, source, advisories FROM advisory_imports ORDER BY id DESC LIMIT 1`); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		return tx.SelectContext(ctx, &out, `SELECT id, modified, doc FROM advisories ORDER BY id`)
	})
	if err != nil {
		return nil, AdvisoryImport{}, fmt.Errorf("store: list advisories: %w", err)
	}
	return out, imp, nil
}
