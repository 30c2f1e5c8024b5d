package agent

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

func TestPlatformLinkApply(t *testing.T) {
	a := New(Defaults())
	l := platformLink{a}
	ip := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	now := time.Now()
	soon := now.Add(time.Hour).UnixMilli()
	block := func(k wiremsg.BlockKind, v string, exp int64) *wiremsg.Command {
		return &wiremsg.Command{Action: &wiremsg.Command_Block{Block: &wiremsg.Block{Kind: k, Value: v, ExpiresUnixMs: exp}}}
	}
	unblock := func(k wiremsg.BlockKind, v string) *wiremsg.Command {
		return &wiremsg.Command{Action: &wiremsg.Command_Unblock{Unblock: &wiremsg.Unblock{Kind: k, Value: v}}}
	}
	tests := []struct {
		name    string
		cmd     *wiremsg.Command
		wantErr string
		check   func() bool
	}{
		{"block ip", block(wiremsg.BlockKind_BLOCK_KIND_IP, "203.0.113.9", soon), "", func() bool { return a.IPBlocked(ip("203.0.113.9"), now) }},
		{"block expired ip", block(wiremsg.BlockKind_BLOCK_KIND_IP, "203.0.113.10", now.Add(-time.Minute).UnixMilli()), "", func() bool { return !a.IPBlocked(ip("203.0.113.10"), now) }},
		{"unblock ip", unblock(wiremsg.BlockKind_BLOCK_KIND_IP, "203.0.113.9"), "", func() bool { return !a.IPBlocked(ip("203.0.113.9"), now) }},
		{"block cidr", block(wiremsg.BlockKind_BLOCK_KIND_CIDR, "198.51.100.0/24", 0), "", func() bool { return a.IPBlocked(ip("198.51.100.77"), now) }},
		{"block user", block(wiremsg.BlockKind_BLOCK_KIND_USER, "mallory", soon), "", func() bool { return a.UserBlocked("mallory", now) }},
		{"unblock user", unblock(wiremsg.BlockKind_BLOCK_KIND_USER, "mallory"), "", func() bool { return !a.UserBlocked("mallory", now) }},
		{"bad ip", block(wiremsg.BlockKind_BLOCK_KIND_IP, "999.1.1.1", 0), "block ip", nil},
		{"bad kind", block(wiremsg.BlockKind_BLOCK_KIND_UNSPECIFIED, "x", 0), "block kind", nil},
		{"budget", &wiremsg.Command{Action: &wiremsg.Command_SetBudget{SetBudget: &wiremsg.SetBudget{PerRequestUs: 1500}}}, "",
			func() bool { return a.Budget() == 1500*time.Microsecond }},
		{"negative budget", &wiremsg.Command{Action: &wiremsg.Command_SetBudget{SetBudget: &wiremsg.SetBudget{PerRequestUs: -1}}}, "must not be negative", nil},
		{"disabled mode", &wiremsg.Command{Action: &wiremsg.Command_SetMode{SetMode: &wiremsg.SetMode{Mode: wiremsg.Mode_MODE_DISABLED}}}, "knows block and monitor", nil},
		{"headers", &wiremsg.Command{Action: &wiremsg.Command_SetHeaders{SetHeaders: &wiremsg.SetHeaders{
			Headers: map[string]string{"X-Frame-Options": "DENY"}, Csp: "default-src 'self'"}}}, "",
			func() bool {
				h := a.Headers()
				for _, x := range h.Always {
					if x.Name == "X-Frame-Options" && x.Value == "DENY" {
						return strings.HasPrefix(h.CSP, "default-src 'self'")
					}
				}
				return false
			}},
		{"bad header", &wiremsg.Command{Action: &wiremsg.Command_SetHeaders{SetHeaders: &wiremsg.SetHeaders{
			Headers: map[string]string{"Bad Name": "x"}}}}, "not a valid token", nil},
		{"empty command", &wiremsg.Command{}, "unknown to this agent", nil},
	}
	for _, tt := range tests {
		err := l.Apply(tt.cmd)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: err %v, want one containing %q", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.check != nil && !tt.check():
			t.Errorf("%s: not applied", tt.name)
		}
	}
}

func TestPlatformLinkEvents(t *testing.T) {
	a := New(Defaults())
	l := platformLink{a}
	at := time.UnixMilli(1_700_000_000_000)
	a.queue(Event{Kind: KindAttack, Time: at, RuleID: "sqli-1", HookPoint: "sql", Action: "block",
		Evidence: Evidence{Source: "query.id", Input: "1 OR 1=1"}, Stack: []Frame{{"main.h", "main.go", 12}},
		Request: &RequestSummary{Method: "GET", Path: "/q", ClientIP: "10.0.0.1", User: "bob"}})
	a.queue(Event{Kind: "debug", Time: at, User: "bob"})
	a.queue(Event{Kind: KindCustom, Time: at, Name: "signup", Properties: map[string]any{"plan": "pro", "seats": 3}})
	got := l.DrainEvents(10)
	if len(got) != 2 {
		t.Fatalf("%d events, want 2 (a kind the wire lacks stays in the process)", len(got))
	}
	e := got[0]
	if e.Kind != wiremsg.EventKind_EVENT_KIND_ATTACK || e.TimeUnixMs != at.UnixMilli() || e.RuleId != "sqli-1" ||
		e.Request.ClientIp != "10.0.0.1" || e.User != "bob" || e.Evidence[0].Input != "1 OR 1=1" || e.Stack[0].Line != 12 {
		t.Errorf("attack event = %v", e)
	}
	if got[1].Properties["seats"] != "3" || got[1].Name != "signup" {
		t.Errorf("custom event = %v", got[1])
	}
	if m := l.Metrics(); m.WindowEndUnixMs < m.WindowStartUnixMs {
		t.Errorf("metrics window %d..%d", m.WindowStartUnixMs, m.WindowEndUnixMs)
	}
}

func TestDetectorOf(t *testing.T) {
	tests := []struct{ hook, rule, want string }{
		{"sql", "rasp-sqli", "sqli"},
		{"shell", "my-rule", "shell"},
		{"file", "rasp-path", "path"},
		{"http_client", "rasp-ssrf-dial", "ssrf"},
		{"template", "rasp-template-xss", "xss"},
		{"request", "waf-sqli", "waf"},
		{"response", "leak", "waf"},
		{"", "blocklist", "blocklist"},
	}
	for _, tt := range tests {
		if got := detectorOf(tt.hook, tt.rule); got != tt.want {
			t.Errorf("detectorOf(%q, %q) = %q, want %q", tt.hook, tt.rule, got, tt.want)
		}
	}
}
