// Package httpapi is the platform's JSON HTTP API under /api/v1/: everything
// the dashboard shows and changes, for automation. It serves the same
// backend.Backend (webui/backend) as the dashboard.
//
// # Mounting
//
//	api, err := httpapi.New(b, httpapi.Options{})
//	mux.Handle("/api/v1/", api)
//
// # Authentication
//
// Every request carries an API token, created with `sqreen-platform token
// create`, as "Authorization: Bearer <token>". The token acts as a user
// with a role: viewer tokens read, admin tokens also change. There are no
// cookies, so there is no CSRF exposure, and no CORS headers are sent: the
// API is for programs, not for other sites' pages.
//
// # Conventions
//
//   - Request and response bodies are JSON (UTF-8); unknown fields in a
//     request body are an error. Bodies are limited to 1 MiB.
//   - Times are RFC 3339; durations are integers in nanoseconds, in fields
//     whose names end in _ns.
//   - Lists are {"items": [...], "total": N, "offset": O, "limit": L} and
//     take ?offset= and ?limit= (at most 500).
//   - Errors are {"error": "message", "field": "name"} with status 400 (bad
//     input; field names the culprit), 401 (no or bad token), 403 (viewer
//     token on a change), 404, 409 (a version conflict) or 500 (the text of
//     internal errors is logged, never sent).
//   - Saving a rule, a playbook or settings takes the version it was read
//     at; a stale version is a 409, so two writers never overwrite each
//     other.
//   - Every change is recorded in the audit log with actor "api:<user>".
//
// # Endpoints
//
//	GET    /api/v1/overview                 ?app= &since= &until= &buckets= &top=
//	GET    /api/v1/events                   ?app= &kind= &action= &ip= &path= &since= &until=
//	GET    /api/v1/events/export            the same filters; JSON lines, newest first
//	GET    /api/v1/events/{id}
//	GET    /api/v1/apps
//	GET    /api/v1/apps/{id}
//	GET    /api/v1/apps/{id}/instances      each with its cost of protection (see below)
//	GET    /api/v1/apps/{id}/inventory
//	GET    /api/v1/apps/{id}/dependency-vulns
//	GET    /api/v1/apps/{id}/settings
//	PUT    /api/v1/apps/{id}/settings       Settings with its version
//	GET    /api/v1/vulnerabilities          ?app=   sink locations attacks reached
//	GET    /api/v1/rules                    ?app=
//	POST   /api/v1/rules                    a Rule (id empty to create; version)
//	GET    /api/v1/rules/{id}
//	GET    /api/v1/rules/{id}/history
//	POST   /api/v1/rules/check              {"source": "..."}
//	POST   /api/v1/rules/test               {"source": "...", "request": {...}}
//	GET    /api/v1/blocks
//	POST   /api/v1/blocks                   {"kind","value","app_id","reason","duration_ns"}
//	DELETE /api/v1/blocks/{id}
//	GET    /api/v1/playbooks
//	POST   /api/v1/playbooks                a Playbook (id empty to create; version)
//	POST   /api/v1/playbooks/check          {"subject": "ip", "condition": "..."}
//	GET    /api/v1/playbooks/{id}
//	GET    /api/v1/firings                  ?playbook=
//	GET    /api/v1/users                    admin tokens only
//	POST   /api/v1/users                    {"name","role","password"}
//	DELETE /api/v1/users/{name}
//	GET    /api/v1/tokens                   admin tokens only
//	POST   /api/v1/tokens                   {"name","role"}; the answer has the secret, once
//	DELETE /api/v1/tokens/{id}
//	GET    /api/v1/webhooks                 admin tokens only
//	POST   /api/v1/webhooks                 {"url","app_id","events"}; the answer has the secret, once
//	DELETE /api/v1/webhooks/{id}
//	GET    /api/v1/webhooks/{id}/deliveries the delivery log, newest first
//	GET    /api/v1/audit                    ?actor= &action=
//
// # Cost of protection
//
// Each instance of /api/v1/apps/{id}/instances has a "cost": what the
// protection cost that instance over the last window_ns (5 minutes on the
// platform's store): requests, budget_overruns, panics (recovered in rules
// or detectors), dropped_events, and the engine time per check, p50_ns and
// p99_ns (call-weighted means of the hook points' percentiles, see
// store.EngineTiming). An instance with no heartbeat in the window has
// zeros. "cost_of_app" is true only for a backend that measures the app
// as a whole; the cost is then the same on every instance.
package httpapi
