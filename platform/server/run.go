package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/sqreen-go/sqreen/platform/agentapi"
	"github.com/sqreen-go/sqreen/platform/playbook"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/webhook"
	"github.com/sqreen-go/sqreen/runtime/wire/wiregrpc"
)

// Run opens (and migrates) the database, then serves until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	if err := cfg.setDefaults(); err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.DB, store.Options{MaxQueueWait: cfg.MaxQueueWait})
	if err != nil {
		return err
	}
	defer st.Close()
	return Serve(ctx, st, cfg)
}

// Serve runs the platform on an open store until ctx ends.
func Serve(ctx context.Context, st *store.Store, cfg Config) error {
	if cfg.DB == "" {
		cfg.DB = "(open store)"
	}
	if err := cfg.setDefaults(); err != nil {
		return err
	}
	log := cfg.Logger
	if err := playbook.EnsureBuiltins(ctx, st); err != nil {
		return err
	}
	if n, err := st.CountUsers(ctx); err == nil && n == 0 {
		log.Warn("no dashboard user yet: create one with `sqreen-platform user create --name NAME --role admin` " +
			"(password read from stdin), and an app token with `sqreen-platform app create NAME`")
	}

	svc := agentapi.New(agentapi.Config{Store: st, Limits: cfg.Limits, Logger: log, OnEvents: eventNotifier(ctx, st)})
	runner := &playbook.Runner{Store: st, Holder: cfg.Holder, Interval: cfg.PlaybookInterval, Logger: log,
		OnFiring: firingNotifier(ctx, st)}

	grpcOpts := []grpc.ServerOption{grpc.MaxRecvMsgSize(cfg.MaxMessageBytes), grpc.MaxConcurrentStreams(1000)}
	var tlsCfg *tls.Config
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return fmt.Errorf("server: TLS certificate: %w", err)
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		grpcOpts = append(grpcOpts, grpc.Creds(credentials.NewTLS(tlsCfg)))
	}
	gs := grpc.NewServer(grpcOpts...)
	wiregrpc.RegisterAgentServiceServer(gs, svc)
	hs := health.NewServer()
	healthpb.RegisterHealthServer(gs, hs)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		pctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := st.Ping(pctx); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", metricsHandler(svc, runner))
	if cfg.Handler != nil {
		if h := cfg.Handler(Deps{Store: st, Logger: log}); h != nil {
			mux.Handle("/", h)
		}
	}
	hsrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, TLSConfig: tlsCfg}

	gl, err := net.Listen("tcp", cfg.GRPCAddr)
	if err != nil {
		return fmt.Errorf("server: gRPC address: %w", err)
	}
	hl, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		gl.Close()
		return fmt.Errorf("server: HTTP address: %w", err)
	}
	if tlsCfg != nil {
		hl = tls.NewListener(hl, tlsCfg)
	}
	var psrv *http.Server
	if cfg.PprofAddr != "" {
		pl, err := net.Listen("tcp", cfg.PprofAddr)
		if err != nil {
			gl.Close()
			hl.Close()
			return fmt.Errorf("server: --pprof-addr: %w", err)
		}
		psrv = &http.Server{Handler: pprofMux(), ReadHeaderTimeout: 10 * time.Second}
		log.Info("serving Go profiles", "addr", pl.Addr().String())
		go psrv.Serve(pl)
		defer psrv.Close()
	}
	log.Info("platform serving", "grpc", gl.Addr().String(), "http", hl.Addr().String(), "db", st.Dialect())
	hs.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	hs.SetServingStatus(wiregrpc.AgentService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Add(5)
	go func() { defer wg.Done(); errs <- gs.Serve(gl) }()
	go func() {
		defer wg.Done()
		if err := hsrv.Serve(hl); !errors.Is(err, http.ErrServerClosed) {
			errs <- err
		}
	}()
	go func() { defer wg.Done(); runner.Run(ctx) }()
	go func() { defer wg.Done(); (&webhook.Deliverer{Store: st, Logger: log}).Run(ctx) }()
	go func() { defer wg.Done(); purgeLoop(ctx, st, cfg) }()
	if cfg.Ready != nil {
		cfg.Ready(gl.Addr().String(), hl.Addr().String())
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errs:
	}
	hs.Shutdown()
	cancel()
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	hsrv.Shutdown(sctx)
	stopped := make(chan struct{})
	go func() { gs.GracefulStop(); close(stopped) }()
	select {
	case <-stopped:
	case <-sctx.Done():
		gs.Stop()
	}
	wg.Wait()
	return runErr
}

// pprofMux serves the runtime's profiles under /debug/pprof/.
func pprofMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("/debug/pprof/", pprof.Index)
	m.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	m.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	m.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return m
}

// purgeLoop deletes data older than the retention every hour.
func purgeLoop(ctx context.Context, st *store.Store, cfg Config) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if r, err := st.Purge(ctx, cfg.Retention); err != nil && ctx.Err() == nil {
			cfg.Logger.Warn("retention purge", "err", err)
		} else if r.Events > 0 {
			cfg.Logger.Info("retention purge", "events", r.Events, "rollups", r.Rollups)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
