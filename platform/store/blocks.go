package store

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// Block kinds.
const (
	BlockIP   = "ip"
	BlockCIDR = "cidr"
	BlockUser = "user"
)

// Block is a decision to refuse an IP, a network or a user on every
// instance of an app until it expires (ExpiresAt 0: never) or is revoked.
type Block struct {
	ID        int64  `db:"id" json:"id"`
	AppID     int64  `db:"app_id" json:"app_id"`
	Kind      string `db:"kind" json:"kind"`
	Value     string `db:"value" json:"value"`
	Reason    string `db:"reason" json:"reason"`
	Source    string `db:"source" json:"source"` // "manual", "playbook:NAME", "api"
	CreatedBy string `db:"created_by" json:"created_by"`
	CreatedAt int64  `db:"created_at" json:"created_at"`
	ExpiresAt int64  `db:"expires_at" json:"expires_at"`
	RevokedAt int64  `db:"revoked_at" json:"revoked_at"`
}

const blockColumns = `id, app_id, kind, value, reason, source, created_by, created_at, expires_at, revoked_at`

var blockKinds = map[string]wire.BlockKind{BlockIP: wire.BlockKind_BLOCK_KIND_IP, BlockCIDR: wire.BlockKind_BLOCK_KIND_CIDR, BlockUser: wire.BlockKind_BLOCK_KIND_USER}

func (b Block) command() *wire.Command {
	return &wire.Command{Action: &wire.Command_Block{Block: &wire.Block{
		Kind: blockKinds[b.Kind], Value: b.Value, ExpiresUnixMs: b.ExpiresAt, Reason: b.Reason}}}
}

// NewBlock is the input of CreateBlock.
type NewBlock struct {
	AppID  int64
	Kind   string
	Value  string
	Reason string
	Source string
	// TTL is the block's lifetime; 0 means no expiry.
	TTL time.Duration
}

// normalize validates and canonicalizes the value for its kind.
func (nb *NewBlock) normalize() error {
	switch nb.Kind {
	case BlockIP:
		a, err := netip.ParseAddr(nb.Value)
		if err != nil {
			return fmt.Errorf("block value %q: not an IP address: %w", nb.Value, ErrInvalid)
		}
		nb.Value = a.Unmap().String()
	case BlockCIDR:
		p, err := netip.ParsePrefix(nb.Value)
		if err != nil {
			return fmt.Errorf("block value %q: not a CIDR network: %w", nb.Value, ErrInvalid)
		}
		nb.Value = p.Masked().String()
	case BlockUser:
		if nb.Value == "" || len(nb.Value) > 256 {
			return fmt.Errorf("block user %q: want 1-256 characters: %w", nb.Value, ErrInvalid)
		}
	default:
		return fmt.Errorf("block kind %q: want ip, cidr or user: %w", nb.Kind, ErrInvalid)
	}
	if nb.TTL < 0 {
		return fmt.Errorf("block ttl %s: must not be negative: %w", nb.TTL, ErrInvalid)
	}
	if len(nb.Reason) > 1024 {
		return fmt.Errorf("block reason: longer than 1024 bytes: %w", ErrInvalid)
	}
	return nil
}

// CreateBlock stores a block and queues it for every instance of the app.
func (s *Store) CreateBlock(ctx context.Context, nb NewBlock, actor string) (Block, error) {
	var b Block
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		b, err = s.createBlockTx(ctx, tx, nb, actor)
		return err
	})
	return b, err
}

func (s *Store) createBlockTx(ctx context.Context, tx *sqlx.Tx, nb NewBlock, actor string) (Block, error) {
	if err := nb.normalize(); err != nil {
		return Block{}, err
	}
	now := s.nowMS()
	b := Block{AppID: nb.AppID, Kind: nb.Kind, Value: nb.Value, Reason: nb.Reason, Source: nb.Source, CreatedBy: actor, CreatedAt: now}
	if nb.TTL > 0 {
		b.ExpiresAt = now + nb.TTL.Milliseconds()
	}
	if _, err := s.appendCommand(ctx, tx, nb.AppID, b.command()); err != nil {
		return Block{}, err
	}
	id, err := s.insertID(ctx, tx, `INSERT INTO blocks (app_id, kind, value, reason, source, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, b.AppID, b.Kind, b.Value, b.Reason, b.Source, b.CreatedBy, b.CreatedAt, b.ExpiresAt)
	if err != nil {
		return Block{}, fmt.Errorf("store: create block: %w", err)
	}
	b.ID = id
	return b, s.audit(ctx, tx, actor, "block.create", fmt.Sprintf("%s %s", b.Kind, b.Value),
		fmt.Sprintf("app=%d source=%s reason=%s expires_at=%d", b.AppID, b.Source, b.Reason, b.ExpiresAt))
}

// RevokeBlock ends a block early and queues the unblock.
func (s *Store) RevokeBlock(ctx context.Context, id int64, actor string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var b Block
		if err := tx.GetContext(ctx, &b, s.q("SELECT "+blockColumns+" FROM blocks WHERE id = ?"), id); err != nil {
			return notFound(err, fmt.Sprintf("block %d", id))
		}
		if b.RevokedAt != 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE blocks SET revoked_at = ? WHERE id = ?"), s.nowMS(), id); err != nil {
			return fmt.Errorf("store: revoke block %d: %w", id, err)
		}
		unblock := &wire.Command{Action: &wire.Command_Unblock{Unblock: &wire.Unblock{Kind: blockKinds[b.Kind], Value: b.Value}}}
		if _, err := s.appendCommand(ctx, tx, b.AppID, unblock); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "block.revoke", fmt.Sprintf("%s %s", b.Kind, b.Value), fmt.Sprintf("app=%d id=%d", b.AppID, id))
	})
}

// BlockFilter selects blocks. Zero fields select everything.
type BlockFilter struct {
	AppID int64
	Kind  string
	// ActiveOnly drops expired and revoked blocks.
	ActiveOnly bool
}

// ListBlocks returns blocks, newest first.
func (s *Store) ListBlocks(ctx context.Context, f BlockFilter, page Page) ([]Block, error) {
	query := "SELECT " + blockColumns + " FROM blocks WHERE 1=1"
	var args []any
	if f.AppID != 0 {
		query += " AND app_id = ?"
		args = append(args, f.AppID)
	}
	if f.Kind != "" {
		query += " AND kind = ?"
		args = append(args, f.Kind)
	}
	if f.ActiveOnly {
		query += " AND revoked_at = 0 AND (expires_at = 0 OR expires_at > ?)"
		args = append(args, s.nowMS())
	}
	query, args = page.apply(query, "id", args)
	blocks := []Block{}
	if err := s.db.SelectContext(ctx, &blocks, s.q(query), args...); err != nil {
		return nil, fmt.Errorf("store: list blocks: %w", err)
	}
	return blocks, nil
}

// ActiveBlock reports whether an active block of that kind and value
// exists for the app (playbooks use it not to block twice).
func (s *Store) ActiveBlock(ctx context.Context, appID int64, kind, value string) (bool, error) {
	var n int
	err := s.rdb.GetContext(ctx, &n, s.q(`SELECT count(*) FROM blocks WHERE app_id = ? AND kind = ? AND value = ?
		AND revoked_at = 0 AND (expires_at = 0 OR expires_at > ?)`), appID, kind, value, s.nowMS())
	if err != nil {
		return false, fmt.Errorf("store: active block: %w", err)
	}
	return n > 0, nil
}
