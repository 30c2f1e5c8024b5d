package server

import (
	"fmt"
	"net/http"

	"github.com/sqreen-go/sqreen/platform/agentapi"
	"github.com/sqreen-go/sqreen/platform/playbook"
)

// metricsHandler writes the Prometheus text exposition of the platform's
// counters.
func metricsHandler(svc *agentapi.Service, runner *playbook.Runner) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		st := &svc.Stats
		counter := func(name, help string, v int64) {
			fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
		}
		counter("sqreen_agent_logins_total", "Agent logins accepted.", st.Logins.Load())
		counter("sqreen_agent_logouts_total", "Agent logouts.", st.Logouts.Load())
		counter("sqreen_agent_heartbeats_total", "Heartbeats acknowledged.", st.Heartbeats.Load())
		counter("sqreen_agent_duplicate_batches_total", "Heartbeats resending a stored batch.", st.Duplicates.Load())
		counter("sqreen_agent_events_total", "Events stored.", st.Events.Load())
		counter("sqreen_agent_rejected_total", "Calls refused as invalid.", st.Rejected.Load())
		counter("sqreen_agent_unauthenticated_total", "Calls without a valid app token.", st.Unauthenticated.Load())
		counter("sqreen_agent_rate_limited_total", "Calls refused by the per-instance rate limit.", st.RateLimited.Load())
		counter("sqreen_agent_shed_total", "Heartbeats refused (ResourceExhausted) because the store queue waited too long.", st.Shed.Load())
		counter("sqreen_store_errors_total", "Store failures answered Unavailable.", st.StoreErrors.Load())
		fmt.Fprintf(w, "# HELP sqreen_heartbeat_seconds_total Time spent handling heartbeats.\n# TYPE sqreen_heartbeat_seconds_total counter\nsqreen_heartbeat_seconds_total %g\n",
			float64(st.HeartbeatNanos.Load())/1e9)
		counter("sqreen_playbook_firings_total", "Playbook firings decided by this replica.", runner.Firings.Load())
		leader := 0
		if runner.Leader() {
			leader = 1
		}
		fmt.Fprintf(w, "# HELP sqreen_playbook_leader 1 when this replica runs the playbooks.\n# TYPE sqreen_playbook_leader gauge\nsqreen_playbook_leader %d\n", leader)
	})
}
