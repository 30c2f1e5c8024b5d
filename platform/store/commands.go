package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"google.golang.org/protobuf/proto"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// MaxCommandsPerReply bounds the commands sent in one heartbeat reply; the
// agent gets the rest at its next heartbeat.
const MaxCommandsPerReply = 500

// commandKind names a command's action for the kind column.
func commandKind(c *wire.Command) string {
	switch c.Action.(type) {
	case *wire.Command_ReplaceRules:
		return "replace_rules"
	case *wire.Command_Block:
		return "block"
	case *wire.Command_Unblock:
		return "unblock"
	case *wire.Command_SetBudget:
		return "set_budget"
	case *wire.Command_SetMode:
		return "set_mode"
	case *wire.Command_SetHeaders:
		return "set_headers"
	case *wire.Command_SetHeartbeatInterval:
		return "set_heartbeat_interval"
	default:
		return "unknown"
	}
}

// appendCommand gives c the app's next sequence number and stores it. The
// UPDATE takes the app row's lock until tx ends, so numbers commit in order.
func (s *Store) appendCommand(ctx context.Context, tx *sqlx.Tx, appID int64, c *wire.Command) (int64, error) {
	var seq int64
	if err := tx.GetContext(ctx, &seq, s.q("UPDATE apps SET command_seq = command_seq + 1 WHERE id = ? RETURNING command_seq"), appID); err != nil {
		return 0, notFound(err, fmt.Sprintf("app %d", appID))
	}
	c.Seq = seq
	payload, err := proto.Marshal(c)
	if err != nil {
		return 0, fmt.Errorf("store: encode command: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q("INSERT INTO commands (app_id, seq, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)"),
		appID, seq, commandKind(c), payload, s.nowMS()); err != nil {
		return 0, fmt.Errorf("store: append command: %w", err)
	}
	return seq, nil
}

// CommandsAfter returns up to MaxCommandsPerReply commands of an app with a
// sequence number above cursor, in order, and the cursor they lead to.
// ok is false when cursor is ahead of the log (the platform lost state):
// the agent must log in again.
func (s *Store) CommandsAfter(ctx context.Context, appID, cursor int64) (cmds []*wire.Command, next int64, ok bool, err error) {
	var seq int64
	// The read pool: on SQLite, the writer's one connection stays free for
	// the next group of heartbeats; a read that starts after a commit sees it.
	if err := s.rdb.GetContext(ctx, &seq, s.q("SELECT command_seq FROM apps WHERE id = ?"), appID); err != nil {
		return nil, 0, false, notFound(err, fmt.Sprintf("app %d", appID))
	}
	if cursor > seq {
		return nil, seq, false, nil
	}
	if cursor == seq {
		return nil, seq, true, nil
	}
	var rows []struct {
		Seq     int64  `db:"seq"`
		Payload []byte `db:"payload"`
	}
	if err := s.rdb.SelectContext(ctx, &rows, s.q("SELECT seq, payload FROM commands WHERE app_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
		appID, cursor, MaxCommandsPerReply); err != nil {
		return nil, 0, false, fmt.Errorf("store: commands after %d: %w", cursor, err)
	}
	next = cursor
	for _, r := range rows {
		c := &wire.Command{}
		if err := proto.Unmarshal(r.Payload, c); err != nil {
			return nil, 0, false, fmt.Errorf("store: command %d of app %d: %w", r.Seq, appID, err)
		}
		cmds = append(cmds, c)
		next = r.Seq
	}
	return cmds, next, true, nil
}

// LoginState returns the commands that rebuild an app's current state on a
// fresh agent (settings, the latest rules, the active blocks) and the
// cursor they correspond to. The commands carry sequence number 0.
func (s *Store) LoginState(ctx context.Context, appID int64) ([]*wire.Command, int64, error) {
	var cmds []*wire.Command
	var cursor int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var app App
		if err := tx.GetContext(ctx, &app, s.q("SELECT "+appColumns+" FROM apps WHERE id = ?"), appID); err != nil {
			return notFound(err, fmt.Sprintf("app %d", appID))
		}
		cursor = app.CommandSeq
		cmds = append(cmds,
			&wire.Command{Action: &wire.Command_SetMode{SetMode: &wire.SetMode{Mode: modes[app.Mode]}}},
			&wire.Command{Action: &wire.Command_SetBudget{SetBudget: &wire.SetBudget{PerRequestUs: app.BudgetUS}}},
			&wire.Command{Action: &wire.Command_SetHeartbeatInterval{SetHeartbeatInterval: &wire.SetHeartbeatInterval{IntervalMs: app.HeartbeatIntervalMS}}},
			headersCommand(app))
		rs, err := s.latestRuleSet(ctx, tx, appID)
		if err != nil {
			return err
		}
		if rs != nil {
			cmds = append(cmds, rs.command())
		}
		var blocks []Block
		if err := tx.SelectContext(ctx, &blocks, s.q("SELECT "+blockColumns+` FROM blocks
			WHERE app_id = ? AND revoked_at = 0 AND (expires_at = 0 OR expires_at > ?) ORDER BY id`), appID, s.nowMS()); err != nil {
			return fmt.Errorf("store: active blocks: %w", err)
		}
		for _, b := range blocks {
			cmds = append(cmds, b.command())
		}
		return nil
	})
	return cmds, cursor, err
}

func protoMarshal(c *wire.Command) ([]byte, error) {
	b, err := proto.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("store: encode command: %w", err)
	}
	return b, nil
}
