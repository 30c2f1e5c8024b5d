// Package server runs the platform: the agents' gRPC API (with the gRPC
// health service), the HTTP side (/healthz, /metrics in the Prometheus text
// format, and the dashboard and JSON API handler given by Config.Handler),
// the playbook runner (on the replica holding the lease), webhook
// delivery and the retention purge. cmd/sqreen-platform's serve command
// is a thin wrapper around Run.
//
// The dashboard (webui/, platform/httpapi) plugs in through Config.Handler:
// a function from Deps (the store and the logger) to an http.Handler,
// mounted at "/" beside /healthz and /metrics.
package server
