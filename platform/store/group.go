package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// groupCommit stores the heartbeats that arrive together in one
// transaction, on both databases. A commit costs a WAL write and sync
// (SQLite's single writer, PostgreSQL's fsync) and the rollup rows of an
// app are one hot row per minute: a group pays both once. The rollups of a
// group are summed in memory and written once per row; PostgreSQL gets the
// group's events in one INSERT. Heartbeats are acknowledged only after the
// commit, so nothing acknowledged can be lost. When the group's
// transaction fails, each heartbeat is stored again in its own, so one bad
// heartbeat fails alone. An unknown instance is not a failure of the
// group: that heartbeat gets ErrNotFound and the others are stored.
//
// Load shedding: each writer notes how long the oldest heartbeat of its
// group waited in the queue. While that wait is above maxWait, new
// heartbeats are refused at once with ErrOverloaded instead of queueing
// until their deadline; once a writer finds the queue empty the wait is
// zero again and heartbeats are accepted.
type groupCommit struct {
	s        *Store
	requests chan *groupRequest
	maxGroup int
	maxWait  time.Duration // <= 0: never refuse
	wait     atomic.Int64  // nanoseconds the last group's oldest heartbeat waited
	done     chan struct{}
	stopOnce sync.Once
	writers  sync.WaitGroup
	replies  sync.WaitGroup // groups committed, their commands being read
}

// commandsReadTimeout bounds reading the commands of a committed group.
const commandsReadTimeout = 10 * time.Second

type groupRequest struct {
	ctx   context.Context
	appID int64
	req   *wire.HeartbeatRequest
	res   HeartbeatResult
	err   error
	done  chan struct{}
	since time.Time // queued at
}

// newGroupCommit starts writers goroutines each committing groups of up to
// maxGroup heartbeats, refusing heartbeats while the queue wait is above
// maxWait (0: DefaultMaxQueueWait, negative: never).
func newGroupCommit(s *Store, writers, maxGroup int, maxWait time.Duration) *groupCommit {
	if maxWait == 0 {
		maxWait = DefaultMaxQueueWait
	}
	g := &groupCommit{s: s, requests: make(chan *groupRequest, 4*maxGroup), maxGroup: maxGroup, maxWait: maxWait,
		done: make(chan struct{})}
	for range writers {
		g.writers.Add(1)
		go g.loop()
	}
	return g
}

func (g *groupCommit) ingest(ctx context.Context, appID int64, req *wire.HeartbeatRequest) (HeartbeatResult, error) {
	if w := time.Duration(g.wait.Load()); g.maxWait > 0 && w > g.maxWait {
		return HeartbeatResult{}, fmt.Errorf("store: heartbeats wait %s for a writer (limit %s): %w",
			w.Round(time.Millisecond), g.maxWait, ErrOverloaded)
	}
	r := &groupRequest{ctx: ctx, appID: appID, req: req, done: make(chan struct{}), since: time.Now()}
	select {
	case g.requests <- r:
	case <-ctx.Done():
		return HeartbeatResult{}, ctx.Err()
	case <-g.done:
		return HeartbeatResult{}, errors.New("store: closed")
	}
	select {
	case <-r.done:
		return r.res, r.err
	case <-ctx.Done():
		// The group may still commit it: the agent's resend is then a duplicate.
		return HeartbeatResult{}, ctx.Err()
	case <-g.done:
		return HeartbeatResult{}, errors.New("store: closed")
	}
}

// stop ends the writers once their current group is answered.
func (g *groupCommit) stop() {
	g.stopOnce.Do(func() { close(g.done) })
	g.writers.Wait()
	g.replies.Wait()
}

func (g *groupCommit) loop() {
	defer g.writers.Done()
	for {
		var first *groupRequest
		select {
		case first = <-g.requests:
		case <-g.done:
			return
		}
		g.wait.Store(int64(time.Since(first.since)))
		group := []*groupRequest{first}
	collect:
		for len(group) < g.maxGroup {
			select {
			case r := <-g.requests:
				group = append(group, r)
			default:
				break collect
			}
		}
		g.commit(group)
		if len(g.requests) == 0 {
			g.wait.Store(0)
		}
	}
}

// commit stores a group and answers each request.
func (g *groupCommit) commit(group []*groupRequest) {
	live := make([]*groupRequest, 0, len(group))
	for _, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			close(r.done)
			continue
		}
		live = append(live, r)
	}
	// One lock order for every transaction (PostgreSQL runs several
	// writers): instance rows, then their batches, then rollups by key.
	slices.SortFunc(live, func(a, b *groupRequest) int {
		return cmp.Or(cmp.Compare(a.appID, b.appID), cmp.Compare(a.req.InstanceId, b.req.InstanceId),
			cmp.Compare(a.req.BatchId, b.req.BatchId))
	})
	ctx := context.Background()
	if err := g.s.ingestGroup(ctx, live); err != nil && len(live) > 1 {
		for _, r := range live {
			g.s.ingestGroup(ctx, []*groupRequest{r})
		}
	}
	// The commands are read on the read pool while this writer goes on
	// with the next group.
	// Bounded: a reply without its commands (CommandsErr; the agent gets
	// them next time) is better than a heartbeat that never returns.
	g.replies.Add(1)
	go func() {
		defer g.replies.Done()
		ctx, cancel := context.WithTimeout(ctx, commandsReadTimeout)
		defer cancel()
		g.s.attachCommands(ctx, live)
		for _, r := range live {
			close(r.done)
		}
	}()
}

// ingestGroup stores heartbeats in one transaction and sets each one's
// result. When the transaction fails, every request gets its error.
func (s *Store) ingestGroup(ctx context.Context, group []*groupRequest) error {
	now := s.nowMS()
	acc := newAccumulator(s.dialect == Postgres)
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, r := range group {
			r.res, r.err = s.ingestTx(ctx, tx, r.appID, r.req, now, acc)
			if r.err != nil && !errors.Is(r.err, ErrNotFound) {
				return r.err
			}
		}
		return acc.flush(ctx, s, tx)
	})
	if err != nil {
		for _, r := range group {
			r.res, r.err = HeartbeatResult{}, err
		}
	}
	return err
}

// attachCommands gives each stored heartbeat the commands after its
// cursor, read once per app and cursor. An error there does not fail the
// heartbeat (it is stored): the result carries it.
func (s *Store) attachCommands(ctx context.Context, group []*groupRequest) {
	type key struct{ app, cursor int64 }
	type after struct {
		cmds []*wire.Command
		next int64
		ok   bool
		err  error
	}
	seen := map[key]after{}
	for _, r := range group {
		if r.err != nil {
			continue
		}
		k := key{r.appID, r.req.Cursor}
		a, done := seen[k]
		if !done {
			a.cmds, a.next, a.ok, a.err = s.CommandsAfter(ctx, k.app, k.cursor)
			seen[k] = a
		}
		if a.err != nil {
			r.res.CommandsErr = fmt.Errorf("store: commands of app %d after %d: %w", k.app, k.cursor, a.err)
			r.res.Cursor = r.req.Cursor
			continue
		}
		r.res.Commands, r.res.Cursor, r.res.Relogin = a.cmds, a.next, !a.ok
	}
}
