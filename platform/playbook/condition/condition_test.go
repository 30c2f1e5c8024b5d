package condition

import (
	"strings"
	"testing"
	"time"
)

func TestCompile(t *testing.T) {
	tests := []struct {
		subject, cond string
		wantErr       string // "" for success
	}{
		{"ip", `ip.attacks("5m") >= 10`, ""},
		{"country", `country.attacks("5m") > 1`, `subject "country"`},
		{"ip", `ip.auth_failures("10m") >= 20 || ip.not_found("1h") > 100`, ""},
		{"endpoint", `endpoint.attacks("5m") >= 20 && endpoint.attacks("5m") > 10 * endpoint.attacks("24h") / 288`, ""},
		{"app", `app.attacks("7d") > 0`, ""},
		{"user", `user.auth_failures("10m") >= 20 && user.value != "admin"`, ""},
		{"ip", `user.attacks("5m") > 1`, `column 1: unknown name "user": a ip playbook can only use ip`},
		{"ip", `ip.attacks(ip.value) > 1`, "must be a constant string"},
		{"ip", `ip.attacks(w) > 1`, `unknown name "w"`},
		{"ip", `ip.attacks("5 minutes") > 1`, `window "5 minutes"`},
		{"ip", `ip.attacks("100d") > 1`, "at most 90d"},
		{"ip", `ip.attacks("5m", "1h") > 1`, "takes one window"},
		{"endpoint", `endpoint.not_found("5m") > 1`, "endpoint.not_found is not counted"},
		{"ip", `ip.value == "1.2.3.4"`, "uses no aggregate"},
		{"ip", `ip.attacks("5m")`, "expected bool"},
		{"ip", `ip.attacks("5m") >=`, "unexpected token"},
		{"ip", `ip.exploits("5m") > 1`, "exploits"},
	}
	for _, tt := range tests {
		_, err := Compile(tt.subject, tt.cond)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("Compile(%s, %q): %v", tt.subject, tt.cond, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("Compile(%s, %q) = %v, want an error containing %q", tt.subject, tt.cond, err, tt.wantErr)
		}
	}
}

func TestEval(t *testing.T) {
	c, err := Compile("ip", `ip.attacks("5m") >= 10 && ip.value != "10.0.0.1"`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		value   string
		attacks int
		want    bool
	}{
		{"10.0.0.2", 10, true},
		{"10.0.0.2", 9, false},
		{"10.0.0.1", 50, false},
	}
	for _, tt := range tests {
		n := tt.attacks
		env := Env{IP: &Aggregates{Value: tt.value, Attacks: func(w string) int {
			if d, _ := ParseWindow(w); d != 5*time.Minute {
				t.Errorf("window %q passed as %s", w, d)
			}
			return n
		}}}
		got, err := c.Eval(env)
		if err != nil || got != tt.want {
			t.Errorf("Eval(%s, %d attacks) = %t, %v; want %t", tt.value, tt.attacks, got, err, tt.want)
		}
	}
}

func FuzzCompile(f *testing.F) {
	f.Add("ip", `ip.attacks("5m") >= 10`)
	f.Add("endpoint", `endpoint.attacks("5m") >= 20 && endpoint.attacks("5m") > 10 * endpoint.attacks("24h") / 288`)
	f.Add("user", `user.auth_failures("10m") >= 20 && user.value != "admin"`)
	f.Add("ip", `ip.attacks("1d") > 0 ? true : false`)
	f.Fuzz(func(t *testing.T, subject, cond string) {
		c, err := Compile(subject, cond)
		if err != nil {
			return
		}
		// A compiled condition runs on zero aggregates without panicking.
		agg := &Aggregates{Attacks: zero, AuthFailures: zero, AuthSuccesses: zero, NotFound: zero, Events: zero}
		c.Eval(Env{IP: agg, User: agg, Endpoint: agg, App: agg})
	})
}

func zero(string) int { return 0 }
