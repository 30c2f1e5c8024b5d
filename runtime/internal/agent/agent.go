package agent

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/engine/scrub"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

// Agent is the state of the in-app agent: configuration, compiled rules,
// block and allow lists, modes, the response policy, the event queue and
// the metrics. One Agent serves the whole process (see Current); the
// methods under "Platform commands" and "Data for the platform" are what
// the heartbeat client calls. Every method is safe for concurrent use.
type Agent struct {
	// What every request's entry reads, first, in the first two cache
	// lines of the agent's block (its size class, 640 bytes, keeps blocks
	// 64-byte aligned; the block starts with an 8-byte malloc header;
	// TestAgentHotFieldsFirst): a request runs with cold caches, and
	// these fields were five lines apart (see bench/footprint).
	// cspReportPath and bodyLimit are cfg's, which never changes after
	// New.
	rules     atomic.Pointer[ruleState]
	budget    atomic.Int64                    // nanoseconds per request; <= 0 unlimited
	headers   atomic.Pointer[respond.Headers] // nil: none
	page      atomic.Pointer[respond.Page]
	pathAllow atomic.Pointer[[]string]
	metrics   *metrics
	hot       *hotStripes // metrics.hot
	ipAllow   IPList
	ipBlock   IPList
	// cfg.CSPReportPath and cfg.BodyLimit.
	cspReportPath string
	bodyLimit     int

	monitorAll atomic.Bool
	modes      atomic.Pointer[map[string]rules.Action] // per-rule overrides

	userBlock, userAllow StringList

	cfg Config
	log *logger

	events  *queue
	limiter *limiter // attack and block events
	reports *limiter // CSP reports: anyone can post them, so they get their own budget
	scrub   *scrub.Scrubber

	stopMu       sync.Mutex
	stopPlatform func() // set by Connect
}

// ruleState is the compiled rule set and the version the platform gave it.
type ruleState struct {
	set     *rules.Set
	version string
	// constant is, by Sink, whether a constant sink leaves the set's
	// rules unrun (rules.Set.ConstantSinkUnmatched), found once.
	constant [numSinks]bool
}

// newRuleState returns the state of set, tagged version.
func newRuleState(set *rules.Set, version string) *ruleState {
	rs := &ruleState{set: set, version: version}
	for i, h := range sinkHooks {
		rs.constant[i] = set.ConstantSinkUnmatched(h)
	}
	return rs
}

// A Sink is a hook point whose text can be a constant of the program (see
// ConstantUnmatched): a number, where a hook point's name took a lookup.
type Sink uint8

// The sinks, and their hook points.
const (
	SinkSQL Sink = iota
	SinkShell
	SinkFile
	numSinks
)

var sinkHooks = [numSinks]rules.HookPoint{rules.SQL, rules.Shell, rules.File}

// New returns an agent for cfg, protected by the built-in rules plus
// cfg.RuleFiles. Problems (a bad rule file) are logged and leave the agent
// running with what loaded.
func New(cfg Config) *Agent {
	a := &Agent{
		cfg:           cfg,
		cspReportPath: cfg.CSPReportPath,
		bodyLimit:     cfg.BodyLimit,
		log:           newLogger(cfg.LogLevel),
		events:        newQueue(cfg.QueueSize),
		limiter:       newLimiter(cfg.EventsPerSecond),
		reports:       newLimiter(cfg.EventsPerSecond),
		metrics:       newMetrics(),
	}
	a.hot = a.metrics.hot
	var err error
	if a.scrub, err = newScrubber(cfg); err != nil {
		a.configError(err)
	}
	a.budget.Store(int64(cfg.Budget))
	a.monitorAll.Store(cfg.Monitor)
	page := cfg.BlockPage
	if err := page.Validate(); err != nil {
		a.configError(err)
		page = *respond.DefaultPage()
	}
	a.page.Store(&page)
	if cfg.Headers {
		h := respond.DefaultHeaders()
		h.CSP, h.CSPReportOnly = cfg.CSP, cfg.CSPReportOnly
		if h.CSP != "" && cfg.CSPReportPath != "" && !strings.Contains(h.CSP, "report-uri") {
			h.CSP += "; report-uri " + cfg.CSPReportPath
		}
		if err := h.Validate(); err != nil {
			a.configError(err)
			h = respond.DefaultHeaders()
		}
		a.headers.Store(h)
	}
	for id, mode := range cfg.RuleModes {
		if err := a.SetMode(id, mode); err != nil {
			a.configError(err)
		}
	}
	a.setPathAllow(cfg.PathAllowlist)
	for _, p := range cfg.IPAllowlist {
		a.ipAllow.Add(p, time.Time{})
	}
	for _, p := range cfg.IPBlocklist {
		a.ipBlock.Add(p, time.Time{})
	}
	set, errs := loadRules(cfg.RuleFiles, a.ruleOptions()...)
	for _, err := range errs {
		a.configError(err)
	}
	a.rules.Store(newRuleState(set, "builtin-"+set.Version()))
	return a
}

// Config returns the configuration the agent started with.
func (a *Agent) Config() Config { return a.cfg }

// Logger returns the agent's rate-limited logger.
func (a *Agent) Logger() *slog.Logger { return a.log.Logger }

func (a *Agent) configError(err error) {
	a.metrics.add(CounterConfigErrors, 1)
	a.log.once("config", err.Error(), "error", err)
}

// Rules returns the compiled rule set in force and its version.
func (a *Agent) Rules() (*rules.Set, string) {
	r := a.rules.Load()
	return r.set, r.version
}

// Budget returns the time budget of one request's checks (0: unlimited).
func (a *Agent) Budget() time.Duration { return max(time.Duration(a.budget.Load()), 0) }

// Headers returns the security headers policy, or nil when off.
func (a *Agent) Headers() *respond.Headers { return a.headers.Load() }

// Page returns the block page.
func (a *Agent) Page() *respond.Page { return a.page.Load() }

// PathAllowed reports whether path is under an allowlisted prefix.
func (a *Agent) PathAllowed(path string) bool {
	ps := a.pathAllow.Load()
	if ps == nil {
		return false
	}
	for _, p := range *ps {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// IPBlocked reports whether ip is blocklisted (and not expired) at now.
func (a *Agent) IPBlocked(ip netip.Addr, now time.Time) bool { return a.ipBlock.Contains(ip, now) }

// IPAllowed reports whether ip is allowlisted: never checked nor blocked.
func (a *Agent) IPAllowed(ip netip.Addr, now time.Time) bool { return a.ipAllow.Contains(ip, now) }

// UserBlocked reports whether user is blocked (and not allowlisted).
func (a *Agent) UserBlocked(user string, now time.Time) bool {
	return a.userBlock.Contains(user, now) && !a.userAllow.Contains(user, now)
}

// action returns what to do for a match: the rule's action, unless a
// per-rule override or monitor mode says otherwise.
func (a *Agent) action(ruleID string, act rules.Action) rules.Action {
	if m := a.modes.Load(); m != nil {
		if o, ok := (*m)[ruleID]; ok {
			act = o
		}
	}
	if a.monitorAll.Load() {
		return rules.Monitor
	}
	return act
}

// ---- Platform commands ----

// ReplaceRules compiles ruleFiles (file name -> YAML content, in the
// format of engine/rules) and, when every file parses and every rule
// compiles, puts them in force with the built-in rules, tagged version.
// On any error the rules in force stay and the error names the file, line
// and rule.
func (a *Agent) ReplaceRules(version string, ruleFiles map[string][]byte) error {
	set, err := compileRules(ruleFiles, a.ruleOptions()...)
	if err != nil {
		return fmt.Errorf("rules version %s: %w", version, err)
	}
	a.rules.Store(newRuleState(set, version))
	return nil
}

// BlockIP blocks a prefix (a single IP is a /32 or /128) until the given
// time; zero means until unblocked.
func (a *Agent) BlockIP(p netip.Prefix, until time.Time) { a.ipBlock.Add(p, until) }

// UnblockIP removes a prefix from the blocklist.
func (a *Agent) UnblockIP(p netip.Prefix) { a.ipBlock.Remove(p) }

// AllowIP allowlists a prefix until the given time (zero: forever):
// requests from it are never checked nor blocked.
func (a *Agent) AllowIP(p netip.Prefix, until time.Time) { a.ipAllow.Add(p, until) }

// DisallowIP removes a prefix from the allowlist.
func (a *Agent) DisallowIP(p netip.Prefix) { a.ipAllow.Remove(p) }

// BlockUser blocks a user id until the given time (zero: until unblocked):
// Identify returns ErrBlocked for it and its requests get the block page.
func (a *Agent) BlockUser(user string, until time.Time) { a.userBlock.Add(user, until) }

// UnblockUser removes a user from the blocklist.
func (a *Agent) UnblockUser(user string) { a.userBlock.Remove(user) }

// AllowUser allowlists a user (a blocklist entry for it is ignored).
func (a *Agent) AllowUser(user string, until time.Time) { a.userAllow.Add(user, until) }

// SetBudget sets the time budget of one request's checks; d <= 0 means
// unlimited.
func (a *Agent) SetBudget(d time.Duration) { a.budget.Store(int64(d)) }

// SetMode sets the action of one rule ("block" or "monitor"), or of every
// rule when ruleID is "" (then "monitor" turns blocking off altogether and
// "block" lets each rule's own action apply again). An empty mode removes
// a rule's override.
func (a *Agent) SetMode(ruleID string, mode string) error {
	act := rules.Action(mode)
	if mode != "" && !act.Valid() {
		return fmt.Errorf("mode %q for rule %q: want block or monitor", mode, ruleID)
	}
	if ruleID == "" {
		a.monitorAll.Store(act == rules.Monitor)
		return nil
	}
	for {
		old := a.modes.Load()
		m := map[string]rules.Action{}
		if old != nil {
			for k, v := range *old {
				m[k] = v
			}
		}
		if mode == "" {
			delete(m, ruleID)
		} else {
			m[ruleID] = act
		}
		if a.modes.CompareAndSwap(old, &m) {
			return nil
		}
	}
}

// SetHeaders replaces the security headers and CSP policy; nil turns them
// off.
func (a *Agent) SetHeaders(h *respond.Headers) error {
	if h != nil {
		if err := h.Validate(); err != nil {
			return fmt.Errorf("security headers: %w", err)
		}
	}
	a.headers.Store(h)
	return nil
}

// SetBlockPage replaces the block page.
func (a *Agent) SetBlockPage(p respond.Page) error {
	if err := p.Validate(); err != nil {
		return err
	}
	a.page.Store(&p)
	return nil
}

// SetPathAllowlist replaces the path prefixes never checked.
func (a *Agent) SetPathAllowlist(prefixes []string) error {
	for _, p := range prefixes {
		if !strings.HasPrefix(p, "/") {
			return fmt.Errorf("path allowlist entry %q: want a path starting with /", p)
		}
	}
	a.setPathAllow(prefixes)
	return nil
}

// setPathAllow stores a copy of prefixes, or nil when there is none: every
// request's entry then reads the agent's field alone (see PathAllowed).
func (a *Agent) setPathAllow(prefixes []string) {
	if len(prefixes) == 0 {
		a.pathAllow.Store(nil)
		return
	}
	ps := append([]string(nil), prefixes...)
	a.pathAllow.Store(&ps)
}

// ---- Data for the platform ----

// DrainEvents removes and returns up to max queued events, oldest first
// (all of them when max <= 0).
func (a *Agent) DrainEvents(max int) []Event { return a.events.drain(max) }

// MetricsSnapshot returns the metrics since the last reset, and starts a
// new period when reset is set.
func (a *Agent) MetricsSnapshot(reset bool) Metrics { return a.metrics.snapshot(reset) }

// SetRules puts an already compiled set in force, tagged version.
func (a *Agent) SetRules(set *rules.Set, version string) {
	if set != nil {
		a.rules.Store(newRuleState(set, version))
	}
}

// Connect starts the platform client when the configuration names a
// platform (see StartPlatform); it never blocks. Stop ends it.
func (a *Agent) Connect() {
	stop := a.StartPlatform(context.Background())
	a.stopMu.Lock()
	defer a.stopMu.Unlock()
	if a.stopPlatform != nil {
		a.stopPlatform()
	}
	a.stopPlatform = stop
}

// Stop ends the platform client, if any.
func (a *Agent) Stop() {
	a.stopMu.Lock()
	defer a.stopMu.Unlock()
	if a.stopPlatform != nil {
		a.stopPlatform()
		a.stopPlatform = nil
	}
}
