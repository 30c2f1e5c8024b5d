package agent

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadFromEnvironment(t *testing.T) {
	t.Chdir(t.TempDir()) // no sqreen.yaml around
	cfg, errs := Load(env(map[string]string{
		"SQREEN_BUDGET":          "5ms",
		"SQREEN_TRUSTED_PROXIES": "10.0.0.0/8",
		"SQREEN_MODE":            "monitor",
		"SQREEN_IP_BLOCKLIST":    "192.0.2.0/24, 2001:db8::1",
		"SQREEN_APP_NAME":        "shop",
		"SQREEN_RULE_MODES":      "rasp-sqli=monitor, waf-xss=block",
	}))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if cfg.Budget != 5*time.Millisecond || !cfg.Monitor || cfg.AppName != "shop" || len(cfg.IPBlocklist) != 2 ||
		cfg.RuleModes["rasp-sqli"] != "monitor" || cfg.RuleModes["waf-xss"] != "block" {
		t.Errorf("cfg = %+v", cfg)
	}
	if !cfg.TrustedProxies.Trusts(netip.MustParseAddr("10.1.2.3")) || cfg.TrustedProxies.Trusts(netip.MustParseAddr("127.0.0.1")) {
		t.Error("SQREEN_TRUSTED_PROXIES not applied")
	}
}

func TestLoadBadValuesKeepDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		key, value, wantErr string
	}{
		{"SQREEN_BUDGET", "fast", `config environment (SQREEN_BUDGET="fast"): want a duration such as 2ms`},
		{"SQREEN_BUDGET", "-1s", `config environment (SQREEN_BUDGET="-1s"): want a duration >= 0`},
		{"SQREEN_DISABLE", "maybe", `config environment (SQREEN_DISABLE="maybe"): want true or false`},
		{"SQREEN_TRUSTED_PROXIES", "10.0.0.0/8,x", `config environment (SQREEN_TRUSTED_PROXIES="10.0.0.0/8,x"): element 2 "x": not an IP address or CIDR`},
		{"SQREEN_BLOCK_STATUS", "99", `config environment (SQREEN_BLOCK_STATUS="99"): want an integer from 200 to 599`},
		{"SQREEN_LOG_LEVEL", "loud", `config environment (SQREEN_LOG_LEVEL="loud"): want debug, info, warn or error`},
		{"SQREEN_MODE", "off", `config environment (SQREEN_MODE="off"): want block or monitor`},
		{"SQREEN_RULE_MODES", "rasp-sqli=monitor,waf-xss", `config environment (SQREEN_RULE_MODES="rasp-sqli=monitor,waf-xss"): element 2 "waf-xss": want rule-id=block or rule-id=monitor`},
		{"SQREEN_CONFIG", "/nonexistent/sqreen.yaml", `config SQREEN_CONFIG (SQREEN_CONFIG="/nonexistent/sqreen.yaml"): open /nonexistent/sqreen.yaml`},
	}
	def := Defaults()
	for _, tt := range tests {
		cfg, errs := Load(env(map[string]string{tt.key: tt.value}))
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.wantErr) {
			t.Errorf("%s=%q: errors %v, want one starting %q", tt.key, tt.value, errs, tt.wantErr)
			continue
		}
		var ce *ConfigError
		if !errors.As(errs[0], &ce) || ce.Key != tt.key {
			t.Errorf("%s: error does not name the key: %v", tt.key, errs[0])
		}
		if cfg.Budget != def.Budget || cfg.Disabled || cfg.BlockPage.Status != 403 || cfg.Monitor {
			t.Errorf("%s=%q changed the config: %+v", tt.key, tt.value, cfg)
		}
	}
}

func TestLoadYAML(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sqreen.yaml")
	data := "app_name: billing\nbudget: 3ms\ntrusted_proxies: [10.0.0.1, 10.0.0.2]\nbudgte: 1ms\nbody_limit: lots\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, errs := Load(env(map[string]string{"SQREEN_CONFIG": path, "SQREEN_APP_NAME": "from-env"}))
	if cfg.AppName != "from-env" || cfg.Budget != 3*time.Millisecond || !cfg.TrustedProxies.Trusts(netip.MustParseAddr("10.0.0.2")) {
		t.Errorf("cfg = %+v", cfg)
	}
	want := []string{
		path + `:4:1 (budgte=""): unknown key`,
		path + `:5:1 (body_limit="lots"): want an integer from 0 to 16777216`,
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if !strings.Contains(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want it to contain %q", i, errs[i], w)
		}
	}
}

// Every key of the table is documented in CONFIG.md, and CONFIG.md
// documents no key the table lacks.
func TestConfigDocListsEveryKey(t *testing.T) {
	doc, err := os.ReadFile("../../CONFIG.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !strings.Contains(string(doc), "`"+k.env+"`") {
			t.Errorf("CONFIG.md does not document %s", k.env)
		}
		if k.yaml != "" && !strings.Contains(string(doc), "`"+k.yaml+"`") {
			t.Errorf("CONFIG.md does not document the sqreen.yaml key %s", k.yaml)
		}
	}
	for _, f := range strings.Fields(string(doc)) {
		f = strings.Trim(f, "`|,.")
		if !strings.HasPrefix(f, "SQREEN_") {
			continue
		}
		found := false
		for _, k := range keys {
			found = found || k.env == f
		}
		if !found {
			t.Errorf("CONFIG.md documents %s, which no key reads", f)
		}
	}
}

// TestPlatformTLSKeys: the platform connection's CA file and plaintext
// switch are configuration keys, checked at load and handed to the
// heartbeat client.
func TestPlatformTLSKeys(t *testing.T) {
	t.Chdir(t.TempDir())
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, selfSignedPEM(t), 0o600); err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		env          map[string]string
		wantErr      string
		wantCA       string
		wantInsecure bool // of the heartbeat client's config
	}{
		{"defaults: TLS with the system roots", map[string]string{"SQREEN_PLATFORM_ADDR": "platform.example:9443"}, "", "", false},
		{"private CA", map[string]string{"SQREEN_PLATFORM_ADDR": "platform.example:9443", "SQREEN_PLATFORM_CA": ca}, "", ca, false},
		{"plaintext", map[string]string{"SQREEN_PLATFORM_ADDR": "platform.example:9443", "SQREEN_PLATFORM_INSECURE": "true"}, "", "", true},
		{"loopback is plaintext", map[string]string{"SQREEN_PLATFORM_ADDR": "127.0.0.1:9443"}, "", "", true},
		{"missing CA file", map[string]string{"SQREEN_PLATFORM_CA": filepath.Join(t.TempDir(), "none.pem")}, `SQREEN_PLATFORM_CA=`, "", false},
		{"CA file without PEM", map[string]string{"SQREEN_PLATFORM_CA": notPEM}, "no PEM certificate in it", "", false},
		{"bad bool", map[string]string{"SQREEN_PLATFORM_INSECURE": "sure"}, `SQREEN_PLATFORM_INSECURE="sure"): want true or false`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, errs := Load(env(tt.env))
			switch {
			case tt.wantErr == "" && len(errs) > 0:
				t.Fatalf("errors: %v", errs)
			case tt.wantErr != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantErr)):
				t.Fatalf("errors %v, want one containing %q", errs, tt.wantErr)
			}
			hb := New(cfg).heartbeatConfig()
			if hb.CAFile != tt.wantCA || hb.Insecure != tt.wantInsecure {
				t.Errorf("heartbeat config CAFile %q Insecure %v, want %q %v", hb.CAFile, hb.Insecure, tt.wantCA, tt.wantInsecure)
			}
		})
	}
}

// selfSignedPEM returns a throwaway self-signed certificate in PEM.
func selfSignedPEM(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func FuzzApplyYAML(f *testing.F) {
	f.Add([]byte("budget: 3ms\ntrusted_proxies: [10.0.0.1]\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("csp: {a: b}\nmode: [x, [y]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg := Defaults()
		for _, err := range applyYAML(&cfg, "f.yaml", data) {
			if !strings.HasPrefix(err.Error(), "config f.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
		}
	})
}
