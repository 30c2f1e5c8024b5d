package sqreen

import (
	"errors"
	"net/netip"
	"os"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// Option changes the configuration Start builds from the environment.
type Option func(*agent.Config)

// WithMonitorMode reports what blocking rules match without blocking.
func WithMonitorMode() Option { return func(c *agent.Config) { c.Monitor = true } }

// WithBudget sets the time budget of all checks of one request (0:
// unlimited).
func WithBudget(d time.Duration) Option { return func(c *agent.Config) { c.Budget = d } }

// WithTrustedProxies sets the proxies whose forwarding headers give the
// client IP; none means the TCP peer is always the client.
func WithTrustedProxies(prefixes ...netip.Prefix) Option {
	return func(c *agent.Config) { c.TrustedProxies = reqctx.NewProxies(prefixes...) }
}

// WithBlockStatus sets the HTTP status of the block page.
func WithBlockStatus(status int) Option { return func(c *agent.Config) { c.BlockPage.Status = status } }

// WithCSP adds a Content-Security-Policy to every response, enforced or
// report-only; violation reports become events.
func WithCSP(policy string, reportOnly bool) Option {
	return func(c *agent.Config) { c.CSP, c.CSPReportOnly = policy, reportOnly }
}

// Start configures and starts the agent: the environment and sqreen.yaml
// (see CONFIG.md), then opts. Calling it is optional (the agent starts
// from the environment on first use) and it is meant to be called once,
// before serving. The returned error lists the configuration values that
// were rejected; the agent runs anyway, with defaults in their place.
func Start(opts ...Option) error {
	cfg, errs := agent.Load(os.LookupEnv)
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Disabled {
		if old := agent.Install(nil); old != nil {
			old.Stop()
		}
		agent.Disable()
		return errors.Join(errs...)
	}
	a := agent.New(cfg)
	for _, err := range errs {
		a.Logger().Error(err.Error())
	}
	if old := agent.Install(a); old != nil {
		old.Stop()
	}
	a.Connect()
	return errors.Join(errs...)
}

// Stop ends the agent's link to the platform before the program exits: it
// sends the events and metrics not yet reported in one last heartbeat and
// logs the instance out, waiting at most the platform call timeout (10
// s), so that a graceful shutdown loses no attack. Call it once
// the server has stopped serving, e.g. after http.Server.Shutdown returns.
// Protection keeps running: requests served after Stop are still checked
// and blocked, but their events stay in the process. Stop without a
// platform, or a second time, does nothing; Start connects again.
func Stop() {
	if a := agent.Installed(); a != nil {
		a.Stop()
	}
}
