package server

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/wire"
)

// eventNotifier queues webhook deliveries for attack events, in the
// background so that heartbeats never wait for it.
// Whether any webhook exists is re-read every 10 s, not per heartbeat.
func eventNotifier(ctx context.Context, st *store.Store) func(store.App, []*wire.Event) {
	var checked atomic.Int64
	var hasHooks atomic.Bool
	return func(app store.App, events []*wire.Event) {
		if now := time.Now().UnixMilli(); now-checked.Load() > 10_000 {
			checked.Store(now)
			hooks, err := st.ListWebhooks(ctx)
			hasHooks.Store(err != nil || len(hooks) > 0)
		}
		if !hasHooks.Load() {
			return
		}
		var attacks []map[string]any
		for _, e := range events {
			if e.Kind == wire.EventKind_EVENT_KIND_ATTACK {
				attacks = append(attacks, map[string]any{"rule": e.RuleId, "hook_point": e.HookPoint, "action": e.Action,
					"client_ip": e.GetRequest().GetClientIp(), "path": e.GetRequest().GetPath(), "time": e.TimeUnixMs})
			}
		}
		if len(attacks) == 0 {
			return
		}
		payload, _ := json.Marshal(map[string]any{"type": "attack", "app": app.Name, "attacks": attacks})
		go st.EnqueueDeliveries(context.WithoutCancel(ctx), app.ID, "attack", string(payload))
	}
}

// firingNotifier queues webhook deliveries for playbook firings.
func firingNotifier(ctx context.Context, st *store.Store) func(store.Firing) {
	return func(f store.Firing) {
		payload, _ := json.Marshal(map[string]any{"type": "firing", "firing": f})
		st.EnqueueDeliveries(ctx, f.AppID, "firing", string(payload))
	}
}
