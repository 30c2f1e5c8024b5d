package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/sqreen-go/sqreen/platform/agentapi"
	"github.com/sqreen-go/sqreen/platform/store"
)

// Deps is what the HTTP handler factory receives.
type Deps struct {
	Store  *store.Store
	Logger *slog.Logger
}

// Config configures Run. DB is required; every other field has a default.
type Config struct {
	// GRPCAddr is the agents' API address (default ":9443").
	GRPCAddr string
	// HTTPAddr serves /healthz, /metrics and the dashboard (default ":8080").
	HTTPAddr string
	// TLSCert and TLSKey, when both set, serve gRPC and HTTP over TLS.
	TLSCert, TLSKey string
	// DB is the database URL (sqlite://... or postgres://...).
	DB string
	// Retention is how long events and rollups are kept (default 30 days).
	Retention time.Duration
	// PlaybookInterval is the time between playbook runs (default 10 s).
	PlaybookInterval time.Duration
	// MaxMessageBytes bounds one gRPC message from an agent (default 4 MiB).
	MaxMessageBytes int
	// Limits bound what agents send (default agentapi.DefaultLimits()).
	Limits agentapi.Limits
	// MaxQueueWait is how long a heartbeat may wait for a database writer
	// before heartbeats are refused with ResourceExhausted and a retry
	// hint (0: store.DefaultMaxQueueWait; negative: never refuse).
	MaxQueueWait time.Duration
	// PprofAddr, when set, serves net/http/pprof there, apart from the
	// dashboard (keep it on loopback: profiles show internals).
	PprofAddr string
	// Holder names this replica for the playbook lease (default host:pid).
	Holder string
	// Handler builds the dashboard and API handler (nil: none yet).
	Handler func(Deps) http.Handler
	Logger  *slog.Logger
	// Ready, when set, receives the bound addresses once serving (tests).
	Ready func(grpcAddr, httpAddr string)
}

func (c *Config) setDefaults() error {
	if c.DB == "" {
		return fmt.Errorf("server: --db is empty")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("server: --tls-cert and --tls-key go together")
	}
	if c.GRPCAddr == "" {
		c.GRPCAddr = ":9443"
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = ":8080"
	}
	if c.Retention <= 0 {
		c.Retention = 30 * 24 * time.Hour
	}
	if c.PlaybookInterval <= 0 {
		c.PlaybookInterval = 10 * time.Second
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = 4 << 20
	}
	if c.Limits == (agentapi.Limits{}) {
		c.Limits = agentapi.DefaultLimits()
	}
	if c.Holder == "" {
		host, _ := os.Hostname()
		c.Holder = fmt.Sprintf("%s:%d:%d", host, os.Getpid(), time.Now().UnixNano()%1e6)
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return nil
}
