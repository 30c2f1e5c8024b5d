package agentapi

import (
	"fmt"
	"net/netip"
	"unicode/utf8"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// Limits bound what one agent may send.
type Limits struct {
	// MaxEvents per heartbeat.
	MaxEvents int
	// MaxString is the longest string field (evidence, sink, headers).
	MaxString int
	// MaxEntries bounds maps and lists inside an event or the metrics.
	MaxEntries int
	// MaxSites and MaxDependencies bound the login inventory.
	MaxSites, MaxDependencies int
	// RatePerSecond and Burst limit the calls of one instance.
	RatePerSecond, Burst float64
}

// DefaultLimits suit an agent heartbeating every 20 s and retrying with backoff.
func DefaultLimits() Limits {
	return Limits{MaxEvents: 1000, MaxString: 8192, MaxEntries: 256, MaxSites: 20000, MaxDependencies: 2000,
		RatePerSecond: 2, Burst: 20}
}

// validator accumulates the first error with the path of the field.
type validator struct {
	lim Limits
	err error
}

func (v *validator) fail(path, format string, args ...any) {
	if v.err == nil {
		v.err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

func (v *validator) str(path, s string, required bool) {
	switch {
	case required && s == "":
		v.fail(path, "required")
	case len(s) > v.lim.MaxString:
		v.fail(path, "%d bytes, more than %d", len(s), v.lim.MaxString)
	case !utf8.ValidString(s):
		v.fail(path, "not valid UTF-8")
	}
}

func (v *validator) id(path, s string) {
	if s == "" || len(s) > 128 {
		v.fail(path, "want 1-128 bytes, got %d", len(s))
		return
	}
	v.str(path, s, true)
}

func (v *validator) count(path string, n, max int) {
	if n > max {
		v.fail(path, "%d entries, more than %d", n, max)
	}
}

func (v *validator) strMap(path string, m map[string]string) {
	v.count(path, len(m), v.lim.MaxEntries)
	for k, val := range m {
		v.str(path+"["+k+"]", k, true)
		v.str(path+"["+k+"]", val, false)
	}
}

func validateLogin(req *wire.LoginRequest, lim Limits) error {
	v := &validator{lim: lim}
	v.id("instance_id", req.InstanceId)
	v.str("app_name", req.AppName, false)
	v.str("host", req.Host, false)
	v.str("go_version", req.GoVersion, false)
	v.str("agent_version", req.AgentVersion, false)
	v.str("main_module", req.MainModule, false)
	v.str("rules_version", req.RulesVersion, false)
	v.count("dependencies", len(req.Dependencies), lim.MaxDependencies)
	for i, d := range req.Dependencies {
		v.str(fmt.Sprintf("dependencies[%d].path", i), d.Path, true)
		v.str(fmt.Sprintf("dependencies[%d].version", i), d.Version, false)
	}
	v.count("sites", len(req.Sites), lim.MaxSites)
	for i, s := range req.Sites {
		v.str(fmt.Sprintf("sites[%d].hook_point", i), s.HookPoint, true)
		v.str(fmt.Sprintf("sites[%d].file", i), s.File, false)
		v.str(fmt.Sprintf("sites[%d].function", i), s.Function, false)
	}
	return v.err
}

func validateHeartbeat(req *wire.HeartbeatRequest, lim Limits) error {
	v := &validator{lim: lim}
	v.id("instance_id", req.InstanceId)
	v.id("batch_id", req.BatchId)
	if req.Cursor < 0 {
		v.fail("cursor", "negative")
	}
	v.count("events", len(req.Events), lim.MaxEvents)
	for i, e := range req.Events {
		if v.err != nil {
			break
		}
		validateEvent(v, fmt.Sprintf("events[%d]", i), e)
	}
	if m := req.Metrics; m != nil {
		for _, n := range []int64{m.Requests, m.BlockedRequests, m.BudgetOverruns, m.Panics, m.EventsDropped} {
			if n < 0 {
				v.fail("metrics", "negative counter")
			}
		}
		v.count("metrics.hooks", len(m.Hooks), lim.MaxEntries)
		for i, h := range m.Hooks {
			v.str(fmt.Sprintf("metrics.hooks[%d].hook_point", i), h.HookPoint, true)
			if h.Calls < 0 || h.P50Ns < 0 || h.P99Ns < 0 {
				v.fail(fmt.Sprintf("metrics.hooks[%d]", i), "negative value")
			}
		}
		v.count("metrics.not_found_by_ip", len(m.NotFoundByIp), lim.MaxEntries*4)
		for ip, n := range m.NotFoundByIp {
			if _, err := netip.ParseAddr(ip); err != nil {
				v.fail("metrics.not_found_by_ip["+ip+"]", "not an IP address")
			}
			if n < 0 {
				v.fail("metrics.not_found_by_ip["+ip+"]", "negative count")
			}
		}
	}
	v.count("acks", len(req.Acks), lim.MaxEntries)
	for i, a := range req.Acks {
		v.str(fmt.Sprintf("acks[%d].error", i), a.Error, false)
	}
	return v.err
}

func validateEvent(v *validator, path string, e *wire.Event) {
	if e == nil {
		v.fail(path, "null event")
		return
	}
	switch e.Kind {
	case wire.EventKind_EVENT_KIND_ATTACK, wire.EventKind_EVENT_KIND_AUTH, wire.EventKind_EVENT_KIND_CUSTOM, wire.EventKind_EVENT_KIND_CSP:
	default:
		v.fail(path+".kind", "unknown kind %d", e.Kind)
	}
	if e.TimeUnixMs <= 0 {
		v.fail(path+".time_unix_ms", "required")
	}
	for _, f := range []struct{ name, val string }{{"rule_id", e.RuleId}, {"hook_point", e.HookPoint}, {"action", e.Action},
		{"user", e.User}, {"name", e.Name}, {"severity", e.Severity}} {
		v.str(path+"."+f.name, f.val, false)
	}
	if e.Kind == wire.EventKind_EVENT_KIND_ATTACK {
		v.str(path+".rule_id", e.RuleId, true)
	}
	v.strMap(path+".properties", e.Properties)
	if r := e.Request; r != nil {
		rp := path + ".request"
		for _, f := range []struct{ name, val string }{{"request_id", r.RequestId}, {"method", r.Method}, {"host", r.Host},
			{"path", r.Path}, {"route", r.Route}, {"user_agent", r.UserAgent}} {
			v.str(rp+"."+f.name, f.val, false)
		}
		if r.ClientIp != "" {
			if _, err := netip.ParseAddr(r.ClientIp); err != nil {
				v.fail(rp+".client_ip", "not an IP address")
			}
		}
		if r.Status < 0 || r.Status > 999 {
			v.fail(rp+".status", "want 0-999, got %d", r.Status)
		}
		v.strMap(rp+".headers", r.Headers)
		v.str(rp+".query", r.Query, false)
		v.count(rp+".params", len(r.Params), v.lim.MaxEntries)
		for i, p := range r.Params {
			pp := fmt.Sprintf("%s.params[%d]", rp, i)
			v.str(pp+".source", p.Source, true)
			v.str(pp+".value", p.Value, false)
		}
	}
	v.count(path+".evidence", len(e.Evidence), 32)
	for i, ev := range e.Evidence {
		ep := fmt.Sprintf("%s.evidence[%d]", path, i)
		v.str(ep+".detector", ev.Detector, false)
		v.str(ep+".source", ev.Source, false)
		v.str(ep+".input", ev.Input, false)
		v.str(ep+".sink", ev.Sink, false)
		v.str(ep+".reason", ev.Reason, false)
	}
	v.count(path+".stack", len(e.Stack), 128)
	for i, f := range e.Stack {
		v.str(fmt.Sprintf("%s.stack[%d].function", path, i), f.Function, false)
		v.str(fmt.Sprintf("%s.stack[%d].file", path, i), f.File, false)
	}
}
