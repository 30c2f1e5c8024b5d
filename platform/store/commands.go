package store

import (
	"context"
	"fmt"
	"slices"
	"sync"

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
	upTo := min(seq, cursor+MaxCommandsPerReply)
	if cmds := s.cmdCache.get(appID, cursor, upTo, seq); cmds != nil {
		return cmds, upTo, true, nil
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
	s.cmdCache.put(appID, cursor, cmds)
	return cmds, next, true, nil
}

// commandCache keeps the latest commands of each app, decoded: every
// instance of an app reads the same commands, and a playbook that blocks
// many IPs made each heartbeat reply read and decode up to
// MaxCommandsPerReply rows. Commands never change once written and their
// sequence numbers have no gaps, so a cached run of consecutive numbers is
// the log itself; the cache only ever serves a range it holds whole, and
// forgets an app whose log went back (a restored database).
type commandCache struct {
	mu   sync.Mutex
	apps map[int64]*cachedCommands
}

// cachedCommandsPerApp bounds the cache: about 100 bytes a block command.
const cachedCommandsPerApp = 20 * MaxCommandsPerReply

// cachedCommands holds commands first, first+1, ... in cmds.
type cachedCommands struct {
	first int64
	cmds  []*wire.Command
}

func (c *cachedCommands) last() int64 { return c.first + int64(len(c.cmds)) - 1 }

// get returns the commands cursor+1..upTo when all are cached, nil
// otherwise. seq is the app's latest sequence number.
func (c *commandCache) get(appID, cursor, upTo, seq int64) []*wire.Command {
	c.mu.Lock()
	defer c.mu.Unlock()
	a := c.apps[appID]
	if a == nil {
		return nil
	}
	if a.last() > seq {
		delete(c.apps, appID)
		return nil
	}
	if cursor >= upTo || cursor+1 < a.first || upTo > a.last() {
		return nil
	}
	return slices.Clone(a.cmds[cursor+1-a.first : upTo+1-a.first])
}

// put adds the commands read after cursor (consecutive from cursor+1)
// when they extend the app's cached run or start a new one.
func (c *commandCache) put(appID, cursor int64, cmds []*wire.Command) {
	if len(cmds) == 0 {
		return
	}
	for i, cmd := range cmds {
		if cmd.Seq != cursor+1+int64(i) {
			return // not consecutive: leave the cache alone
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.apps == nil {
		c.apps = map[int64]*cachedCommands{}
	}
	a := c.apps[appID]
	switch {
	case a == nil || cursor > a.last():
		// Nothing cached, or a gap after the cached run: start over here.
		a = &cachedCommands{first: cursor + 1, cmds: slices.Clone(cmds)}
		c.apps[appID] = a
	case cursor+int64(len(cmds)) > a.last():
		// Overlaps or follows the cached run: keep its part, add the rest.
		if cursor+1 < a.first {
			a.first, a.cmds = cursor+1, slices.Clone(cmds)
			break
		}
		a.cmds = append(a.cmds, cmds[a.last()-cursor:]...)
	}
	if over := len(a.cmds) - cachedCommandsPerApp; over > 0 {
		a.first += int64(over)
		a.cmds = slices.Clone(a.cmds[over:])
	}
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
