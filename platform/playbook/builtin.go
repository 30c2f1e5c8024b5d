package playbook

import (
	"context"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
)

// Builtins are the playbooks every platform starts with (enabled; they
// can be edited or disabled, not deleted).
func Builtins() []store.Playbook {
	hour := time.Hour.Milliseconds()
	return []store.Playbook{
		{Name: "ip-attacks", Subject: store.SubjectIP, Condition: `ip.attacks("5m") >= 10`,
			Action: store.ActionBlockIP, DurationMS: hour,
			Description: "An IP that attacked 10 times in 5 minutes, on any instances, is blocked for an hour everywhere."},
		{Name: "ip-credential-stuffing", Subject: store.SubjectIP, Condition: `ip.auth_failures("10m") >= 20`,
			Action: store.ActionBlockIP, DurationMS: hour,
			Description: "An IP with 20 failed logins in 10 minutes is blocked for an hour."},
		{Name: "ip-scanner", Subject: store.SubjectIP, Condition: `ip.not_found("5m") >= 50`,
			Action: store.ActionBlockIP, DurationMS: hour,
			Description: "An IP that hit 50 missing pages in 5 minutes is a scanner: blocked for an hour."},
		{Name: "user-targeted", Subject: store.SubjectUser, Condition: `user.auth_failures("10m") >= 20`,
			Action:      store.ActionAlert,
			Description: "A user whose login failed 20 times in 10 minutes (from any IPs) is being targeted."},
		{Name: "endpoint-attack-spike", Subject: store.SubjectEndpoint,
			Condition:   `endpoint.attacks("5m") >= 20 && endpoint.attacks("5m") > 10 * endpoint.attacks("24h") / 288`,
			Action:      store.ActionAlert,
			Description: "An endpoint attacked more than 10 times its daily average rate (and at least 20 times in 5 minutes)."},
	}
}

// EnsureBuiltins adds the built-in playbooks missing from the store.
func EnsureBuiltins(ctx context.Context, s *store.Store) error {
	pbs := Builtins()
	for i := range pbs {
		pbs[i].Enabled, pbs[i].Builtin = true, true
	}
	return s.EnsurePlaybooks(ctx, pbs, Check)
}
