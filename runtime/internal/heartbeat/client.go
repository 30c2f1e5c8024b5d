package heartbeat

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/grpcclient"
	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// maxInterval caps the heartbeat interval the platform may set.
const maxInterval = time.Hour

// Start runs the client in its own goroutine and returns at once. The
// returned stop function ends it: it sends a last heartbeat and logs out
// (each bounded by RPCTimeout), then returns. A bad Config is logged once
// and gives a no-op client: the app runs without the platform.
func Start(ctx context.Context, cfg Config, a Agent) (stop func()) {
	c, err := newClient(cfg, a)
	if err != nil {
		if cfg.Logger != nil {
			cfg.Logger.Error("sqreen: platform client not started", "err", err)
		}
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.run(ctx)
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
}

type client struct {
	cfg        Config
	agent      Agent
	rpc        rpc
	close      func() error
	instanceID string
	started    time.Time

	loggedIn bool
	cursor   int64
	interval time.Duration
	acks     []*wiremsg.CommandAck
	out      outbox
	bo       backoff
}

func newClient(cfg Config, a Agent) (*client, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	conn, err := dial(&cfg)
	if err != nil {
		return nil, err
	}
	return &client{
		cfg: cfg, agent: a, rpc: rpc{conn}, close: conn.Close,
		instanceID: newID(), started: time.Now(), interval: cfg.Interval,
		out: outbox{maxBatch: cfg.MaxBatch, maxBacklog: cfg.MaxBacklog},
		bo:  backoff{min: cfg.BackoffMin, max: cfg.BackoffMax},
	}, nil
}

// errRelogin asks the loop to log in again at once.
var errRelogin = errors.New("platform asked to log in again")

func (c *client) run(ctx context.Context) {
	defer c.close()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			c.shutdown()
			return
		case <-timer.C:
		}
		var err error
		if !c.loggedIn {
			err = c.login(ctx)
		} else {
			err = c.heartbeat(ctx)
		}
		switch {
		case errors.Is(err, errRelogin):
			timer.Reset(0)
		case err != nil:
			wait := c.bo.next()
			if c.bo.failures == 1 || c.bo.failures%10 == 0 {
				c.cfg.Logger.Warn("sqreen: platform unreachable; retrying", "err", err, "failures", c.bo.failures, "retry_in", wait)
			}
			timer.Reset(wait)
		default:
			c.bo.reset()
			timer.Reset(c.interval)
		}
	}
}

func (c *client) callCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.cfg.RPCTimeout)
}

func (c *client) login(ctx context.Context) error {
	cctx, cancel := c.callCtx(ctx)
	defer cancel()
	resp, err := c.rpc.Login(cctx, loginRequest(&c.cfg, c.instanceID, c.started, c.agent))
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	c.loggedIn = true
	c.cursor = 0
	c.setInterval(resp.HeartbeatIntervalMs)
	c.apply(resp.Commands, resp.Cursor)
	return nil
}

// heartbeat sends one heartbeat: the batch in flight (or a new one), the
// metrics, the cursor and the failed commands.
func (c *client) heartbeat(ctx context.Context) error {
	c.out.add(c.agent.DrainEvents(c.cfg.MaxBacklog))
	c.out.addMetrics(c.agent.Metrics())
	id, events, metrics := c.out.next()
	req := &wiremsg.HeartbeatRequest{InstanceId: c.instanceID, BatchId: id, Events: events, Metrics: metrics,
		Cursor: c.cursor, Acks: c.acks, SentUnixMs: time.Now().UnixMilli()}
	cctx, cancel := c.callCtx(ctx)
	defer cancel()
	resp, err := c.rpc.Heartbeat(cctx, req)
	if err != nil {
		if grpcclient.CodeOf(err) == grpcclient.InvalidArgument {
			c.cfg.Logger.Error("sqreen: platform refused a batch; dropping it", "events", len(events), "err", err)
			c.out.reject()
			c.acks = nil
		}
		return fmt.Errorf("heartbeat: %w", err)
	}
	if resp.Relogin && resp.BatchId == "" {
		c.loggedIn = false
		return errRelogin
	}
	if resp.BatchId != id {
		return fmt.Errorf("heartbeat: platform acknowledged batch %q, sent %q", resp.BatchId, id)
	}
	c.out.acked()
	c.acks = nil
	c.setInterval(resp.HeartbeatIntervalMs)
	if resp.Relogin {
		c.loggedIn = false
		return errRelogin
	}
	c.apply(resp.Commands, resp.Cursor)
	return nil
}

// apply applies commands in order, skipping those already applied, and
// moves the cursor. Failures are reported in the next heartbeat.
func (c *client) apply(cmds []*wiremsg.Command, cursor int64) {
	for _, cmd := range cmds {
		if cmd == nil || (cmd.Seq != 0 && cmd.Seq <= c.cursor) {
			continue
		}
		if err := c.applyOne(cmd); err != nil {
			c.cfg.Logger.Warn("sqreen: platform command not applied", "seq", cmd.Seq, "err", err)
			if len(c.acks) < 100 {
				c.acks = append(c.acks, &wiremsg.CommandAck{Seq: cmd.Seq, Error: err.Error()})
			}
		}
	}
	c.cursor = max(c.cursor, cursor)
}

func (c *client) applyOne(cmd *wiremsg.Command) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic applying command: %v", r)
		}
	}()
	if si := cmd.GetSetHeartbeatInterval(); si != nil {
		if si.IntervalMs <= 0 {
			return fmt.Errorf("heartbeat interval %d ms: must be positive", si.IntervalMs)
		}
		c.setInterval(si.IntervalMs)
		return nil
	}
	return c.agent.Apply(cmd)
}

func (c *client) setInterval(ms int64) {
	if ms <= 0 {
		return
	}
	c.interval = min(max(time.Duration(ms)*time.Millisecond, c.cfg.MinInterval), maxInterval)
}

// shutdown sends what is left (the batch in flight, then what came after
// it) and logs out, all within one RPCTimeout,
// so that a dead platform delays the app's exit by at most that.
func (c *client) shutdown() {
	if !c.loggedIn {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.RPCTimeout)
	defer cancel()
	if c.heartbeat(ctx) != nil {
		return
	}
	if c.out.unsent() && c.heartbeat(ctx) != nil { // a resent batch left newer ones behind
		return
	}
	cctx, cancel2 := c.callCtx(ctx)
	defer cancel2()
	c.rpc.Logout(cctx, &wiremsg.LogoutRequest{InstanceId: c.instanceID})
}
