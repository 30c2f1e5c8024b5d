package heartbeat

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Config configures the client. Addr and Token are required.
type Config struct {
	// Addr is the platform's gRPC address, host:port.
	Addr string
	// Token is the app token.
	Token string
	// AppName is reported at login.
	AppName string
	// AgentVersion is reported at login.
	AgentVersion string

	// Insecure sends in plaintext (local development and tests only).
	Insecure bool
	// CAFile is a PEM bundle of the CAs to trust instead of the system roots.
	CAFile string
	// ServerName overrides the name checked in the server's certificate.
	ServerName string

	// Interval between heartbeats until the platform sets one (20 s).
	Interval time.Duration
	// MinInterval is the shortest interval the platform may set (1 s).
	MinInterval time.Duration
	// RPCTimeout bounds every call (10 s).
	RPCTimeout time.Duration
	// BackoffMin and BackoffMax bound the retry delay after a failure
	// (1 s, 5 min); the delay doubles per failure, with jitter.
	BackoffMin, BackoffMax time.Duration
	// MaxBatch is the most events in one heartbeat (1000).
	MaxBatch int
	// MaxBacklog is the most events kept while the platform is away (10000).
	MaxBacklog int

	// Logger receives the client's rare logs (default slog.Default()).
	Logger *slog.Logger
}

func (c *Config) setDefaults() error {
	if c.Addr == "" {
		return errors.New("heartbeat: platform address is empty (SQREEN_PLATFORM_ADDR)")
	}
	if c.Token == "" {
		return errors.New("heartbeat: app token is empty (SQREEN_TOKEN)")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Interval, 20*time.Second)
	def(&c.MinInterval, time.Second)
	def(&c.RPCTimeout, 10*time.Second)
	def(&c.BackoffMin, time.Second)
	def(&c.BackoffMax, 5*time.Minute)
	if c.BackoffMax < c.BackoffMin {
		return fmt.Errorf("heartbeat: backoff max %s below min %s", c.BackoffMax, c.BackoffMin)
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 1000
	}
	if c.MaxBacklog < c.MaxBatch {
		c.MaxBacklog = max(10000, c.MaxBatch)
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return nil
}
