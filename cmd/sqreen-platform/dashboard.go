package main

import (
	"net/http"

	"github.com/sqreen-go/sqreen/platform/server"
)

// dashboardHandler builds the dashboard and /api/v1 handler mounted at "/".
// The dashboard (platform/httpapi, webui/) puts its constructor here; until
// then it returns nil and the platform serves only /healthz and /metrics.
func dashboardHandler(server.Deps) http.Handler { return nil }
