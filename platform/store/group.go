package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/jmoiron/sqlx"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// groupCommit stores the heartbeats that arrive together in one
// transaction (SQLite only). SQLite has one writer and pays a WAL commit
// per transaction; committing a group of heartbeats at once multiplies
// throughput. Each heartbeat runs under its own SAVEPOINT, so one that
// fails is rolled back alone; all of a group are acknowledged only after
// the commit, so nothing acknowledged can be lost.
type groupCommit struct {
	s        *Store
	requests chan *groupRequest
	maxGroup int
	done     chan struct{}
	stopOnce sync.Once
}

type groupRequest struct {
	ctx   context.Context
	appID int64
	req   *wire.HeartbeatRequest
	res   HeartbeatResult
	err   error
	done  chan struct{}
}

func newGroupCommit(s *Store, maxGroup int) *groupCommit {
	g := &groupCommit{s: s, requests: make(chan *groupRequest, 4*maxGroup), maxGroup: maxGroup, done: make(chan struct{})}
	go g.loop()
	return g
}

func (g *groupCommit) ingest(ctx context.Context, appID int64, req *wire.HeartbeatRequest) (HeartbeatResult, error) {
	r := &groupRequest{ctx: ctx, appID: appID, req: req, done: make(chan struct{})}
	select {
	case g.requests <- r:
	case <-ctx.Done():
		return HeartbeatResult{}, ctx.Err()
	case <-g.done:
		return HeartbeatResult{}, fmt.Errorf("store: closed")
	}
	select {
	case <-r.done:
		return r.res, r.err
	case <-ctx.Done():
		// The group may still commit it: the agent's resend is then a duplicate.
		return HeartbeatResult{}, ctx.Err()
	}
}

func (g *groupCommit) stop() { g.stopOnce.Do(func() { close(g.done) }) }

func (g *groupCommit) loop() {
	for {
		var first *groupRequest
		select {
		case first = <-g.requests:
		case <-g.done:
			return
		}
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
	}
}

// commit stores a group in one transaction and answers each request.
func (g *groupCommit) commit(group []*groupRequest) {
	s := g.s
	ctx := context.Background()
	now := s.nowMS()
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, r := range group {
			if r.ctx.Err() != nil {
				r.err = r.ctx.Err()
				continue
			}
			if _, err := tx.ExecContext(ctx, "SAVEPOINT hb"); err != nil {
				return fmt.Errorf("store: savepoint: %w", err)
			}
			r.res, r.err = s.ingestTx(ctx, tx, r.appID, r.req, now)
			release := "RELEASE SAVEPOINT hb"
			if r.err != nil {
				release = "ROLLBACK TO SAVEPOINT hb; RELEASE SAVEPOINT hb"
			}
			if _, err := tx.ExecContext(ctx, release); err != nil {
				return fmt.Errorf("store: release savepoint: %w", err)
			}
		}
		return nil
	})
	for _, r := range group {
		if err != nil {
			r.res, r.err = HeartbeatResult{}, err
		}
		close(r.done)
	}
}
