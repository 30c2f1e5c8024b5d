package agent

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/engine/budget"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

// Config is the agent's configuration at start. Every field has a working
// default (see Defaults); the keys that set them are in the keys table and
// in runtime/CONFIG.md.
type Config struct {
	Disabled     bool
	Token        string
	PlatformAddr string
	// PlatformCA is a PEM file of the CAs the platform's certificate is
	// checked against instead of the system roots.
	PlatformCA string
	// PlatformInsecure sends to the platform in plaintext (no TLS). A
	// loopback platform address is always plaintext.
	PlatformInsecure bool
	AppName          string
	Budget           time.Duration
	TrustedProxies   reqctx.Proxies
	LogLevel         slog.Level
	// Monitor turns every blocking rule into a monitoring one.
	Monitor         bool
	BodyLimit       int
	EventsPerSecond int
	QueueSize       int
	BlockPage       respond.Page
	Headers         bool // add the security headers
	CSP             string
	CSPReportOnly   bool
	CSPReportPath   string
	PathAllowlist   []string // path prefixes never checked
	IPAllowlist     []netip.Prefix
	IPBlocklist     []netip.Prefix
	// RuleFiles are extra rule files loaded beside the built-in rules.
	RuleFiles []string
	// RuleModes overrides the action of single rules: rule id -> "block"
	// or "monitor".
	RuleModes map[string]string
	// ScrubKeyRegex and ScrubValueRegex replace the scrubber's default
	// regexes (engine/scrub) when set.
	ScrubKeyRegex, ScrubValueRegex string
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		Budget:          budget.Default,
		TrustedProxies:  reqctx.LoopbackProxies(),
		LogLevel:        slog.LevelWarn,
		BodyLimit:       reqctx.DefaultBodyLimit,
		EventsPerSecond: 100,
		QueueSize:       1000,
		BlockPage:       respond.Page{Status: 403},
		Headers:         true,
		CSPReportPath:   "/_sqreen/csp-report",
		AppName:         defaultAppName(),
	}
}

func defaultAppName() string {
	if len(os.Args) > 0 {
		name := os.Args[0]
		if i := strings.LastIndexAny(name, `/\`); i >= 0 {
			name = name[i+1:]
		}
		return name
	}
	return "app"
}

// key is one configuration key: its environment variable, its sqreen.yaml
// name, and how a string value sets the Config.
type key struct {
	env, yaml string
	doc       string
	set       func(c *Config, v string) error
}

// keys lists every configuration key. runtime/CONFIG.md documents the
// same list; TestConfigDocListsEveryKey keeps them in step.
var keys = [...]key{
	{"SQREEN_DISABLE", "disable", "true turns the agent off: no checks, no headers, no platform", boolVar(func(c *Config) *bool { return &c.Disabled })},
	{"SQREEN_TOKEN", "token", "the app token for the platform", stringVar(func(c *Config) *string { return &c.Token })},
	{"SQREEN_PLATFORM_ADDR", "platform_addr", "host:port of the platform's gRPC API; empty: no platform", stringVar(func(c *Config) *string { return &c.PlatformAddr })},
	{"SQREEN_PLATFORM_CA", "platform_ca", "PEM file of the CAs trusted for the platform's certificate instead of the system roots", setPlatformCA},
	{"SQREEN_PLATFORM_INSECURE", "platform_insecure", "true talks to the platform in plaintext, without TLS (a loopback address always does)", boolVar(func(c *Config) *bool { return &c.PlatformInsecure })},
	{"SQREEN_APP_NAME", "app_name", "the app's name on the platform (default: the program's name)", stringVar(func(c *Config) *string { return &c.AppName })},
	{"SQREEN_BUDGET", "budget", "time budget of all checks of one request, a Go duration (default 2ms; 0: unlimited)", durationVar(func(c *Config) *time.Duration { return &c.Budget })},
	{"SQREEN_TRUSTED_PROXIES", "trusted_proxies", "comma-separated IPs/CIDRs whose forwarding headers are believed, or none (default: loopback)", setTrusted},
	{"SQREEN_LOG_LEVEL", "log_level", "debug, info, warn or error (default warn)", setLogLevel},
	{"SQREEN_MODE", "mode", "block (default) or monitor: monitor reports what blocking rules match without blocking", setMode},
	{"SQREEN_RULE_MODES", "rule_modes", "comma-separated rule=mode pairs (mode block or monitor) overriding single rules' actions", setRuleModes},
	{"SQREEN_BODY_LIMIT", "body_limit", "bytes of a request body inspected (default 65536)", intVar(func(c *Config) *int { return &c.BodyLimit }, 0, 16<<20)},
	{"SQREEN_EVENTS_PER_SECOND", "events_per_second", "attack events queued per second at most (default 100)", intVar(func(c *Config) *int { return &c.EventsPerSecond }, 1, 1_000_000)},
	{"SQREEN_QUEUE_SIZE", "queue_size", "events kept for the platform at most (default 1000)", intVar(func(c *Config) *int { return &c.QueueSize }, 1, 1_000_000)},
	{"SQREEN_BLOCK_STATUS", "block_status", "HTTP status of the block page (default 403)", intVar(func(c *Config) *int { return &c.BlockPage.Status }, 200, 599)},
	{"SQREEN_BLOCK_REDIRECT", "block_redirect", "redirect blocked requests to this URL (303) instead", stringVar(func(c *Config) *string { return &c.BlockPage.Redirect })},
	{"SQREEN_BLOCK_HTML", "block_html", "path of an HTML file to send as the block page", setBlockHTML},
	{"SQREEN_SECURITY_HEADERS", "security_headers", "false stops adding the security headers (default true)", boolVar(func(c *Config) *bool { return &c.Headers })},
	{"SQREEN_CSP", "csp", "Content-Security-Policy to add (default none)", stringVar(func(c *Config) *string { return &c.CSP })},
	{"SQREEN_CSP_REPORT_ONLY", "csp_report_only", "true sends the CSP as Content-Security-Policy-Report-Only", boolVar(func(c *Config) *bool { return &c.CSPReportOnly })},
	{"SQREEN_CSP_REPORT_PATH", "csp_report_path", "path the agent serves for CSP reports (default /_sqreen/csp-report; empty: none)", setReportPath},
	{"SQREEN_PATH_ALLOWLIST", "path_allowlist", "comma-separated path prefixes never checked", listVar(func(c *Config) *[]string { return &c.PathAllowlist })},
	{"SQREEN_IP_ALLOWLIST", "ip_allowlist", "comma-separated IPs/CIDRs never checked nor blocked", prefixVar(func(c *Config) *[]netip.Prefix { return &c.IPAllowlist })},
	{"SQREEN_IP_BLOCKLIST", "ip_blocklist", "comma-separated IPs/CIDRs always blocked", prefixVar(func(c *Config) *[]netip.Prefix { return &c.IPBlocklist })},
	{"SQREEN_RULES", "rules", "comma-separated rule files loaded beside the built-in rules", listVar(func(c *Config) *[]string { return &c.RuleFiles })},
	{"SQREEN_SCRUB_KEY_REGEX", "scrub_key_regex", "regex of the keys whose values are redacted whole (default: engine/scrub's)", stringVar(func(c *Config) *string { return &c.ScrubKeyRegex })},
	{"SQREEN_SCRUB_VALUE_REGEX", "scrub_value_regex", "regex of the secrets redacted wherever they appear (default: engine/scrub's)", stringVar(func(c *Config) *string { return &c.ScrubValueRegex })},
	{"SQREEN_CONFIG", "", "path of a sqreen.yaml with any of these keys (default ./sqreen.yaml when present)", nil},
}

// ConfigError names the key and the source of a bad value.
type ConfigError struct {
	Source string // "SQREEN_BUDGET" or "sqreen.yaml:3"
	Key    string
	Value  string
	Err    error
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("config %s (%s=%q): %v; using the default", e.Source, e.Key, e.Value, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// Load builds the configuration: defaults, then the sqreen.yaml named by
// SQREEN_CONFIG (or ./sqreen.yaml when it exists), then the environment.
// A bad value is reported in errs and leaves that key at its previous
// value: the agent always gets a usable Config.
func Load(lookup func(string) (string, bool)) (c Config, errs []error) {
	c = Defaults()
	path, explicit := lookup("SQREEN_CONFIG")
	if !explicit {
		path = "sqreen.yaml"
	}
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case err == nil:
			errs = append(errs, applyYAML(&c, path, data)...)
		case explicit || !errors.Is(err, os.ErrNotExist):
			errs = append(errs, &ConfigError{Source: "SQREEN_CONFIG", Key: "SQREEN_CONFIG", Value: path, Err: err})
		}
	}
	for _, k := range keys {
		if k.set == nil {
			continue
		}
		v, ok := lookup(k.env)
		if !ok {
			continue
		}
		if err := k.set(&c, strings.TrimSpace(v)); err != nil {
			errs = append(errs, &ConfigError{Source: "environment", Key: k.env, Value: v, Err: err})
		}
	}
	return c, errs
}

func stringVar(f func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *f(c) = v; return nil }
}

func boolVar(f func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		*f(c) = b
		return nil
	}
}

func durationVar(f func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		if v == "0" {
			*f(c) = 0
			return nil
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("want a duration such as 2ms: %w", err)
		}
		if d < 0 {
			return fmt.Errorf("want a duration >= 0")
		}
		*f(c) = d
		return nil
	}
}

func intVar(f func(*Config) *int, lo, hi int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("want an integer from %d to %d", lo, hi)
		}
		*f(c) = n
		return nil
	}
}

func listVar(f func(*Config) *[]string) func(*Config, string) error {
	return func(c *Config, v string) error {
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		*f(c) = out
		return nil
	}
}

func prefixVar(f func(*Config) *[]netip.Prefix) func(*Config, string) error {
	return func(c *Config, v string) error {
		var out []netip.Prefix
		for i, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			p, err := reqctx.ParsePrefix(s)
			if err != nil {
				return &reqctx.ListError{Index: i, Value: s, Err: err}
			}
			out = append(out, p)
		}
		*f(c) = out
		return nil
	}
}

func setTrusted(c *Config, v string) error {
	p, err := reqctx.ParseProxies(v)
	if err != nil {
		return err
	}
	c.TrustedProxies = p
	return nil
}

func setLogLevel(c *Config, v string) error {
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		return fmt.Errorf("want debug, info, warn or error")
	}
	c.LogLevel = l
	return nil
}

func setMode(c *Config, v string) error {
	switch strings.ToLower(v) {
	case "block":
		c.Monitor = false
	case "monitor":
		c.Monitor = true
	default:
		return fmt.Errorf("want block or monitor")
	}
	return nil
}

func setBlockHTML(c *Config, v string) error {
	data, err := os.ReadFile(v)
	if err != nil {
		return err
	}
	c.BlockPage.HTML = string(data)
	return nil
}

// setPlatformCA checks that the file holds at least one PEM certificate,
// so that a wrong path is reported at start rather than at each dial.
func setPlatformCA(c *Config, v string) error {
	if v == "" {
		c.PlatformCA = ""
		return nil
	}
	data, err := os.ReadFile(v)
	if err != nil {
		return err
	}
	if !x509.NewCertPool().AppendCertsFromPEM(data) {
		return fmt.Errorf("%s: no PEM certificate in it", v)
	}
	c.PlatformCA = v
	return nil
}

func setReportPath(c *Config, v string) error {
	if v != "" && !strings.HasPrefix(v, "/") {
		return fmt.Errorf("want a path starting with /")
	}
	c.CSPReportPath = v
	return nil
}

func setRuleModes(c *Config, v string) error {
	modes := map[string]string{}
	for i, pair := range strings.Split(v, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		id, mode, ok := strings.Cut(pair, "=")
		id, mode = strings.TrimSpace(id), strings.TrimSpace(mode)
		if !ok || id == "" || (mode != "block" && mode != "monitor") {
			return &reqctx.ListError{Index: i, Value: pair, Err: fmt.Errorf("want rule-id=block or rule-id=monitor")}
		}
		modes[id] = mode
	}
	c.RuleModes = modes
	return nil
}
