package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// RuleFile is one YAML rule file of a rule set.
type RuleFile struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

// RuleSet is one version of an app's rules: the whole set of files the
// agents load. Versions count up from 1 per app; the latest is the one
// agents run.
type RuleSet struct {
	ID        int64      `db:"id" json:"id"`
	AppID     int64      `db:"app_id" json:"app_id"`
	Version   int64      `db:"version" json:"version"`
	FilesJSON string     `db:"files_json" json:"-"`
	Files     []RuleFile `db:"-" json:"files"`
	Comment   string     `db:"comment" json:"comment"`
	CreatedBy string     `db:"created_by" json:"created_by"`
	CreatedAt int64      `db:"created_at" json:"created_at"`
}

const ruleSetColumns = `id, app_id, version, files_json, comment, created_by, created_at`

// MaxRuleSetBytes bounds the total size of a rule set's files.
const MaxRuleSetBytes = 4 << 20

func (rs *RuleSet) decode() error {
	if err := json.Unmarshal([]byte(rs.FilesJSON), &rs.Files); err != nil {
		return fmt.Errorf("store: rule set %d: %w", rs.ID, err)
	}
	return nil
}

func (rs *RuleSet) command() *wire.Command {
	files := make([]*wire.RuleFile, len(rs.Files))
	for i, f := range rs.Files {
		files[i] = &wire.RuleFile{Name: f.Name, Content: []byte(f.Content)}
	}
	return &wire.Command{Action: &wire.Command_ReplaceRules{ReplaceRules: &wire.ReplaceRules{
		Version: strconv.FormatInt(rs.Version, 10), Files: files}}}
}

// RuleValidator checks rule files before they are stored (the engine's
// loader, wired by the server); it returns an error naming file, line and
// column.
type RuleValidator func(files []RuleFile) error

func validateRuleFiles(files []RuleFile) error {
	if len(files) == 0 {
		return fmt.Errorf("rule set: no files: %w", ErrInvalid)
	}
	total := 0
	seen := map[string]bool{}
	for i, f := range files {
		if f.Name == "" || path.Base(f.Name) != f.Name || (path.Ext(f.Name) != ".yaml" && path.Ext(f.Name) != ".yml") {
			return fmt.Errorf("rule file %d name %q: want a plain NAME.yaml: %w", i, f.Name, ErrInvalid)
		}
		if seen[f.Name] {
			return fmt.Errorf("rule file %q: given twice: %w", f.Name, ErrInvalid)
		}
		seen[f.Name] = true
		total += len(f.Content)
	}
	if total > MaxRuleSetBytes {
		return fmt.Errorf("rule set: %d bytes, more than %d: %w", total, MaxRuleSetBytes, ErrInvalid)
	}
	return nil
}

// CreateRuleSet stores a new version of an app's rules and queues it for
// its agents. validate, when not nil, checks the files' content first.
func (s *Store) CreateRuleSet(ctx context.Context, appID int64, files []RuleFile, comment, actor string, validate RuleValidator) (RuleSet, error) {
	if err := validateRuleFiles(files); err != nil {
		return RuleSet{}, err
	}
	if validate != nil {
		if err := validate(files); err != nil {
			return RuleSet{}, fmt.Errorf("%w: %w", err, ErrInvalid)
		}
	}
	b, _ := json.Marshal(files)
	rs := RuleSet{AppID: appID, Files: files, FilesJSON: string(b), Comment: comment, CreatedBy: actor, CreatedAt: s.nowMS()}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		// The command's sequence number is taken first: it locks the app
		// row, which serializes version numbers too.
		if _, err := s.appendCommand(ctx, tx, appID, &wire.Command{}); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &rs.Version, s.q("SELECT COALESCE(MAX(version), 0) + 1 FROM rulesets WHERE app_id = ?"), appID); err != nil {
			return fmt.Errorf("store: next rules version: %w", err)
		}
		id, err := s.insertID(ctx, tx, `INSERT INTO rulesets (app_id, version, files_json, comment, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, rs.AppID, rs.Version, rs.FilesJSON, rs.Comment, rs.CreatedBy, rs.CreatedAt)
		if err != nil {
			return fmt.Errorf("store: create rule set: %w", err)
		}
		rs.ID = id
		if err := s.rewriteLastCommand(ctx, tx, appID, rs.command()); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "rules.create", fmt.Sprintf("app %d version %d", appID, rs.Version), comment)
	})
	return rs, err
}

// rewriteLastCommand replaces the payload of the app's newest command
// (reserved earlier in the same transaction).
func (s *Store) rewriteLastCommand(ctx context.Context, tx *sqlx.Tx, appID int64, c *wire.Command) error {
	var seq int64
	if err := tx.GetContext(ctx, &seq, s.q("SELECT command_seq FROM apps WHERE id = ?"), appID); err != nil {
		return fmt.Errorf("store: command seq: %w", err)
	}
	c.Seq = seq
	payload, err := protoMarshal(c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, s.q("UPDATE commands SET kind = ?, payload = ? WHERE app_id = ? AND seq = ?"), commandKind(c), payload, appID, seq)
	if err != nil {
		return fmt.Errorf("store: rewrite command: %w", err)
	}
	return nil
}

// RollbackRuleSet makes an older version current again, as a new version
// with the same files.
func (s *Store) RollbackRuleSet(ctx context.Context, appID, version int64, actor string) (RuleSet, error) {
	old, err := s.GetRuleSet(ctx, appID, version)
	if err != nil {
		return RuleSet{}, err
	}
	return s.CreateRuleSet(ctx, appID, old.Files, fmt.Sprintf("rollback to version %d", version), actor, nil)
}

// GetRuleSet returns one version of an app's rules.
func (s *Store) GetRuleSet(ctx context.Context, appID, version int64) (RuleSet, error) {
	var rs RuleSet
	if err := s.db.GetContext(ctx, &rs, s.q("SELECT "+ruleSetColumns+" FROM rulesets WHERE app_id = ? AND version = ?"), appID, version); err != nil {
		return RuleSet{}, notFound(err, fmt.Sprintf("rules version %d of app %d", version, appID))
	}
	return rs, rs.decode()
}

// CurrentRuleSet returns the latest version, or ErrNotFound when the app
// runs the embedded default rules.
func (s *Store) CurrentRuleSet(ctx context.Context, appID int64) (RuleSet, error) {
	rs, err := s.latestRuleSet(ctx, s.db, appID)
	if err != nil {
		return RuleSet{}, err
	}
	if rs == nil {
		return RuleSet{}, fmt.Errorf("rules of app %d: %w", appID, ErrNotFound)
	}
	return *rs, nil
}

func (s *Store) latestRuleSet(ctx context.Context, q sqlx.QueryerContext, appID int64) (*RuleSet, error) {
	var rs RuleSet
	err := sqlx.GetContext(ctx, q, &rs, s.q("SELECT "+ruleSetColumns+" FROM rulesets WHERE app_id = ? ORDER BY version DESC LIMIT 1"), appID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: latest rules: %w", err)
	}
	return &rs, rs.decode()
}

// ListRuleSets returns an app's rule versions, newest first (files included).
func (s *Store) ListRuleSets(ctx context.Context, appID int64) ([]RuleSet, error) {
	sets := []RuleSet{}
	if err := s.db.SelectContext(ctx, &sets, s.q("SELECT "+ruleSetColumns+" FROM rulesets WHERE app_id = ? ORDER BY version DESC"), appID); err != nil {
		return nil, fmt.Errorf("store: list rules: %w", err)
	}
	for i := range sets {
		if err := sets[i].decode(); err != nil {
			return nil, err
		}
	}
	return sets, nil
}
