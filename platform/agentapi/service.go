package agentapi

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/runtime/wire/wiregrpc"
)

// Stats are the service's counters, read by /metrics.
type Stats struct {
	Logins, Logouts, Heartbeats, Duplicates, Events, Rejected, Unauthenticated, RateLimited, StoreErrors atomic.Int64
	// Shed counts heartbeats refused because the store's queue waited too long.
	Shed atomic.Int64
	// HeartbeatNanos sums the time spent in Heartbeat.
	HeartbeatNanos atomic.Int64
}

// Config configures a Service.
type Config struct {
	Store  *store.Store
	Limits Limits
	Logger *slog.Logger
	// OnEvents, when set, is called after a batch is stored (webhooks).
	// It must not block.
	OnEvents func(app store.App, events []*wire.Event)
}

// Service implements wiregrpc.AgentServiceServer.
type Service struct {
	wiregrpc.UnimplementedAgentServiceServer
	store    *store.Store
	limits   Limits
	log      *slog.Logger
	onEvents func(store.App, []*wire.Event)
	auth     authCache
	rate     *limiter
	Stats    Stats
}

// New returns a Service. Zero Limits mean DefaultLimits.
func New(cfg Config) *Service {
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{store: cfg.Store, limits: cfg.Limits, log: cfg.Logger, onEvents: cfg.OnEvents,
		auth: authCache{entries: map[string]authEntry{}}, rate: newLimiter(cfg.Limits.RatePerSecond, cfg.Limits.Burst)}
}

// internal logs a store error and returns Unavailable without its text.
func (s *Service) internal(err error) error {
	s.Stats.StoreErrors.Add(1)
	s.log.Error("agent api: store", "err", err)
	return status.Error(codes.Unavailable, "platform storage unavailable; retry later")
}

func (s *Service) admit(ctx context.Context, instanceID string) (store.App, error) {
	app, err := s.authenticate(ctx)
	if err != nil {
		s.Stats.Unauthenticated.Add(1)
		return store.App{}, err
	}
	if !s.rate.allow(strconv.FormatInt(app.ID, 10)+"/"+instanceID, time.Now()) {
		s.Stats.RateLimited.Add(1)
		return store.App{}, status.Error(codes.ResourceExhausted, "too many calls from this instance; slow down")
	}
	return app, nil
}

// Login registers the instance and returns the app's state.
func (s *Service) Login(ctx context.Context, req *wire.LoginRequest) (*wire.LoginResponse, error) {
	app, err := s.admit(ctx, req.GetInstanceId())
	if err != nil {
		return nil, err
	}
	if err := validateLogin(req, s.limits); err != nil {
		s.Stats.Rejected.Add(1)
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if _, err := s.store.Login(ctx, app.ID, req); err != nil {
		return nil, s.internal(err)
	}
	cmds, cursor, err := s.store.LoginState(ctx, app.ID)
	if err != nil {
		return nil, s.internal(err)
	}
	s.Stats.Logins.Add(1)
	return &wire.LoginResponse{AppId: strconv.FormatInt(app.ID, 10), HeartbeatIntervalMs: app.HeartbeatIntervalMS,
		Commands: cmds, Cursor: cursor, ServerTimeUnixMs: time.Now().UnixMilli()}, nil
}

// shedRetryMS is the retry hint of a heartbeat refused for overload (the
// agent's own backoff starts at 1 s and grows with jitter).
const shedRetryMS = 2000

// Heartbeat stores the batch once and returns the commands after the cursor.
func (s *Service) Heartbeat(ctx context.Context, req *wire.HeartbeatRequest) (*wire.HeartbeatResponse, error) {
	start := time.Now()
	defer func() { s.Stats.HeartbeatNanos.Add(int64(time.Since(start))) }()
	app, err := s.admit(ctx, req.GetInstanceId())
	if err != nil {
		return nil, err
	}
	if err := validateHeartbeat(req, s.limits); err != nil {
		s.Stats.Rejected.Add(1)
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	res, err := s.store.IngestHeartbeat(ctx, app.ID, req)
	if errors.Is(err, store.ErrNotFound) {
		return &wire.HeartbeatResponse{Relogin: true}, nil
	}
	if errors.Is(err, store.ErrOverloaded) {
		// Refused before storing: the agent keeps the batch, backs off
		// (ResourceExhausted) and sends it again.
		s.Stats.Shed.Add(1)
		grpc.SetTrailer(ctx, metadata.Pairs("retry-after-ms", strconv.Itoa(shedRetryMS)))
		return nil, status.Errorf(codes.ResourceExhausted, "platform overloaded; send this batch again in %d ms or later", shedRetryMS)
	}
	if err != nil {
		return nil, s.internal(err)
	}
	s.Stats.Heartbeats.Add(1)
	if res.Duplicate {
		s.Stats.Duplicates.Add(1)
	} else {
		s.Stats.Events.Add(int64(res.Events))
		if s.onEvents != nil && len(req.Events) > 0 {
			s.onEvents(app, req.Events)
		}
	}
	resp := &wire.HeartbeatResponse{BatchId: req.BatchId, Duplicate: res.Duplicate,
		Commands: res.Commands, Cursor: res.Cursor, Relogin: res.Relogin}
	if res.CommandsErr != nil {
		// The batch is stored: acknowledge it; commands come next time.
		s.log.Error("agent api: commands", "err", res.CommandsErr)
	}
	return resp, nil
}

// Logout marks the instance stopped.
func (s *Service) Logout(ctx context.Context, req *wire.LogoutRequest) (*wire.LogoutResponse, error) {
	app, err := s.admit(ctx, req.GetInstanceId())
	if err != nil {
		return nil, err
	}
	v := &validator{lim: s.limits}
	v.id("instance_id", req.InstanceId)
	if v.err != nil {
		s.Stats.Rejected.Add(1)
		return nil, status.Error(codes.InvalidArgument, v.err.Error())
	}
	if err := s.store.Logout(ctx, app.ID, req.InstanceId); err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, s.internal(err)
	}
	s.Stats.Logouts.Add(1)
	return &wire.LogoutResponse{}, nil
}
