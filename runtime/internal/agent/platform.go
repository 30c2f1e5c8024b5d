package agent

// The glue between the agent and the platform's heartbeat client
// (runtime/internal/heartbeat): StartPlatform starts the client, and
// platformLink translates between the agent's types and the wire contract.
// The client only ever calls the four methods of heartbeat.Agent, from its
// own goroutine.

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/heartbeat"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
	"github.com/sqreen-go/sqreen/runtime/version"
)

// agentVersion is reported to the platform at login: the version of the
// runtime, the same as the sqreen-build of its repository prints.
const agentVersion = version.Version

// StartPlatform starts the heartbeat client when the configuration names
// a platform (SQREEN_TOKEN and SQREEN_PLATFORM_ADDR) and returns the
// function that stops it (a no-op otherwise). It never blocks: a platform
// that is down is retried in the background.
func (a *Agent) StartPlatform(ctx context.Context) (stop func()) {
	if a.cfg.Token == "" || a.cfg.PlatformAddr == "" {
		return func() {}
	}
	return heartbeat.Start(ctx, a.heartbeatConfig(), platformLink{a})
}

// heartbeatConfig is the heartbeat client's configuration from the
// agent's: TLS unless SQREEN_PLATFORM_INSECURE or a loopback address,
// checked against SQREEN_PLATFORM_CA when set.
func (a *Agent) heartbeatConfig() heartbeat.Config {
	cfg := a.cfg
	return heartbeat.Config{
		Addr:         cfg.PlatformAddr,
		Token:        cfg.Token,
		AppName:      cfg.AppName,
		AgentVersion: agentVersion,
		Insecure:     cfg.PlatformInsecure || isLoopback(cfg.PlatformAddr),
		CAFile:       cfg.PlatformCA,
		MaxBacklog:   max(cfg.QueueSize, 1000) * 10,
		Logger:       a.Logger(),
	}
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// platformLink is the agent as the heartbeat client sees it.
type platformLink struct{ a *Agent }

var _ heartbeat.Agent = platformLink{}

// Apply applies one platform command to the agent.
func (l platformLink) Apply(cmd *wiremsg.Command) error {
	a := l.a
	switch c := cmd.Action.(type) {
	case *wiremsg.Command_ReplaceRules:
		files := make(map[string][]byte, len(c.ReplaceRules.Files))
		for _, f := range c.ReplaceRules.Files {
			files[f.Name] = f.Content
		}
		return a.ReplaceRules(c.ReplaceRules.Version, files)
	case *wiremsg.Command_Block:
		until := time.Time{}
		if ms := c.Block.ExpiresUnixMs; ms > 0 {
			until = time.UnixMilli(ms)
		}
		return l.list(c.Block.Kind, c.Block.Value, func(p netip.Prefix) { a.BlockIP(p, until) }, func(u string) { a.BlockUser(u, until) })
	case *wiremsg.Command_Unblock:
		return l.list(c.Unblock.Kind, c.Unblock.Value, a.UnblockIP, a.UnblockUser)
	case *wiremsg.Command_SetBudget:
		if c.SetBudget.PerRequestUs < 0 {
			return fmt.Errorf("budget %d µs: must not be negative", c.SetBudget.PerRequestUs)
		}
		a.SetBudget(time.Duration(c.SetBudget.PerRequestUs) * time.Microsecond)
		return nil
	case *wiremsg.Command_SetMode:
		switch c.SetMode.Mode {
		case wiremsg.Mode_MODE_BLOCK:
			return a.SetMode("", "block")
		case wiremsg.Mode_MODE_MONITOR:
			return a.SetMode("", "monitor")
		default:
			return fmt.Errorf("mode %s: this agent knows block and monitor", c.SetMode.Mode)
		}
	case *wiremsg.Command_SetHeaders:
		h := respond.DefaultHeaders()
		for name, value := range c.SetHeaders.Headers {
			if strings.EqualFold(name, "Strict-Transport-Security") {
				h.HSTS = value
				continue
			}
			replaced := false
			for i := range h.Always {
				if strings.EqualFold(h.Always[i].Name, name) {
					h.Always[i].Value, replaced = value, true
				}
			}
			if !replaced {
				h.Always = append(h.Always, respond.Header{Name: name, Value: value})
			}
		}
		h.CSP, h.CSPReportOnly = c.SetHeaders.Csp, c.SetHeaders.CspReportOnly
		if h.CSP != "" && a.cfg.CSPReportPath != "" && !strings.Contains(h.CSP, "report-uri") {
			h.CSP += "; report-uri " + a.cfg.CSPReportPath
		}
		return a.SetHeaders(h)
	default:
		return fmt.Errorf("command %T: unknown to this agent", cmd.Action)
	}
}

// list applies a block or unblock to the IP or user list.
func (l platformLink) list(kind wiremsg.BlockKind, value string, ip func(netip.Prefix), user func(string)) error {
	switch kind {
	case wiremsg.BlockKind_BLOCK_KIND_IP:
		addr, err := netip.ParseAddr(value)
		if err != nil {
			return fmt.Errorf("block ip %q: %w", value, err)
		}
		addr = addr.Unmap()
		ip(netip.PrefixFrom(addr, addr.BitLen()))
	case wiremsg.BlockKind_BLOCK_KIND_CIDR:
		p, err := netip.ParsePrefix(value)
		if err != nil {
			return fmt.Errorf("block cidr %q: %w", value, err)
		}
		ip(p.Masked())
	case wiremsg.BlockKind_BLOCK_KIND_USER:
		if value == "" {
			return fmt.Errorf("block user: empty name")
		}
		user(value)
	default:
		return fmt.Errorf("block kind %s: unknown", kind)
	}
	return nil
}

// eventKinds maps the agent's event kinds to the wire's; kinds not listed
// stay in the process.
var eventKinds = map[string]wiremsg.EventKind{
	KindAttack:  wiremsg.EventKind_EVENT_KIND_ATTACK,
	KindBlocked: wiremsg.EventKind_EVENT_KIND_ATTACK,
	KindAuth:    wiremsg.EventKind_EVENT_KIND_AUTH,
	KindCustom:  wiremsg.EventKind_EVENT_KIND_CUSTOM,
	KindCSP:     wiremsg.EventKind_EVENT_KIND_CSP,
}

// maxWireString bounds the strings of an event as sent: the platform
// refuses a heartbeat with a string over 8 KiB whole, so one long query
// string or SQL query must not cost the batch.
const maxWireString = 4096

// detectors names the detector of each sink hook point as the wire and the
// dashboard know it ("sqli", ...): a rule at a sink is judged by that
// sink's structural detector. Rules at request entry or on the response
// are request rules ("waf").
var detectors = map[string]string{
	string(rules.SQL):         "sqli",
	string(rules.Shell):       "shell",
	string(rules.File):        "path",
	string(rules.HTTPClient):  "ssrf",
	string(rules.Template):    "xss",
	string(rules.RequestHook): "waf",
	string(rules.Response):    "waf",
}

// detectorOf returns the detector of an event at hook point, or the rule's
// id for a hook point the table lacks.
func detectorOf(hookPoint, ruleID string) string {
	if d, ok := detectors[hookPoint]; ok {
		return d
	}
	return ruleID
}

// DrainEvents converts up to max queued (already scrubbed) events.
func (l platformLink) DrainEvents(max int) []*wiremsg.Event {
	events := l.a.DrainEvents(max)
	out := make([]*wiremsg.Event, 0, len(events))
	for _, e := range events {
		kind, ok := eventKinds[e.Kind]
		if !ok {
			continue
		}
		w := &wiremsg.Event{Kind: kind, TimeUnixMs: e.Time.UnixMilli(), RuleId: e.RuleID, HookPoint: e.HookPoint,
			Action: e.Action, Severity: e.Severity, User: clip(e.User, maxWireString), Success: e.Success, Name: clip(e.Name, maxWireString)}
		if e.Kind == KindBlocked && w.RuleId == "" {
			w.RuleId = "blocklist"
		}
		if e.Evidence != (Evidence{}) {
			w.Evidence = []*wiremsg.Evidence{{Detector: detectorOf(e.HookPoint, e.RuleID), Source: clip(e.Evidence.Source, maxWireString),
				Input: clip(e.Evidence.Input, maxWireString), Sink: clipAround(e.Sink, e.Evidence.Input, maxWireString), Reason: clip(e.Evidence.Detail, maxWireString)}}
		}
		for _, f := range e.Stack {
			w.Stack = append(w.Stack, &wiremsg.Frame{Function: f.Function, File: f.File, Line: int32(f.Line)})
		}
		if len(e.Properties) > 0 {
			w.Properties = make(map[string]string, len(e.Properties))
			for k, v := range e.Properties {
				w.Properties[clip(k, maxWireString)] = clip(fmt.Sprint(v), maxWireString)
			}
		}
		if r := e.Request; r != nil {
			w.Request = &wiremsg.RequestSummary{Method: clip(r.Method, maxWireString), Host: clip(r.Host, maxWireString),
				Path: clip(r.Path, maxWireString), Route: clip(r.Route, maxWireString),
				ClientIp: r.ClientIP, UserAgent: clip(r.UserAgent, maxWireString), Headers: r.Headers}
			if len(r.Query) > 0 {
				w.Request.Query = clip(url.Values(r.Query).Encode(), maxWireString)
			}
			for _, p := range r.Params {
				w.Request.Params = append(w.Request.Params, &wiremsg.Param{Source: p.Source, Value: p.Value})
			}
			if w.User == "" {
				w.User = clip(r.User, maxWireString)
			}
		}
		out = append(out, w)
	}
	return out
}

// Metrics converts the metrics since the previous call.
func (l platformLink) Metrics() *wiremsg.Metrics {
	m := l.a.MetricsSnapshot(true)
	c := func(name string) int64 { return int64(m.Counters[name]) }
	out := &wiremsg.Metrics{
		WindowStartUnixMs: m.Start.UnixMilli(),
		WindowEndUnixMs:   m.End.UnixMilli(),
		Requests:          c(CounterRequests),
		BlockedRequests:   c(CounterBlocked),
		BudgetOverruns:    c(CounterBudgetOverruns),
		Panics:            c(CounterPanics),
		EventsDropped:     c(CounterEventsDropped) + c(CounterEventsLimited),
	}
	if len(m.NotFound) > 0 {
		out.NotFoundByIp = make(map[string]int64, len(m.NotFound))
		for ip, n := range m.NotFound {
			out.NotFoundByIp[ip.String()] = int64(n)
		}
	}
	for point, h := range m.Hooks {
		out.Hooks = append(out.Hooks, &wiremsg.HookTiming{HookPoint: point, Calls: int64(h.Count),
			P50Ns: int64(h.P50), P99Ns: int64(h.P99)})
	}
	return out
}
