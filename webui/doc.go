// Package webui is the platform's web dashboard: server-rendered pages
// (html/template), embedded CSS and a little hand-written JavaScript, and
// charts drawn as SVG on the server. It needs no Node, npm or vendored
// front-end code.
//
// # Mounting
//
// The platform builds one handler and serves it at the root of its HTTP
// listener, next to the JSON API (package platform/httpapi) under /api/v1/:
//
//	ui, err := webui.New(b, webui.Options{SessionKey: key})
//	mux.Handle("/", ui)
//	mux.Handle("/api/v1/", api)
//
// b is a backend.Backend (webui/backend); the platform's store is adapted to
// it by webui/storebackend. When b also implements backend.Sessions (the
// store does), sessions live in the backend: every replica sees them,
// signing out ends them, and a role change applies at the next request.
// Otherwise they are HMAC-signed cookies, and SessionKey must then be the
// same on every replica.
//
// # Security
//
//   - Sessions: the cookie (Secure, HttpOnly, SameSite=Strict) holds the
//     backend's session token, or, without backend sessions, a signed value
//     with the user, role and expiry (a role change then applies at the next
//     login). Sessions last Options.SessionTTL, 12 hours by default.
//   - CSRF: every POST carries a token derived from the session's secret (a
//     hidden form field, or the X-CSRF-Token header for fetch); the login
//     form carries one derived from a short-lived pre-session cookie.
//     Cross-origin POSTs are also refused by net/http's CrossOriginProtection.
//   - Content-Security-Policy: default-src 'none', script-src 'self',
//     style-src 'self'; no inline script or style anywhere.
//   - Every attacker-controlled string (events carry them all) is rendered by
//     html/template as text in its context; the package never converts data
//     to template.HTML, template.JS or template.URL. The live feed sends JSON
//     and the page inserts it with textContent.
//   - Roles: viewers read everything but the users page; only admins change
//     anything.
//   - Sign-in: five wrong passwords for one user name within 15 minutes
//     lock that name for the rest of the window (per replica).
//   - Because session cookies are Secure, browsers keep them only over HTTPS
//     or on http://localhost: serve the dashboard with TLS (or behind a
//     TLS-terminating proxy) anywhere else.
//
// # Pages
//
// Overview (/), attacks (/events, /events/{id}, live feed /events/live,
// export as JSON lines /events/export),
// apps (/apps, /apps/{id}, /apps/{id}/settings), vulnerabilities (/vulns),
// rules (/rules, /rules/{id}, editor endpoints /rules/check and /rules/test),
// blocklist (/blocks), playbooks (/playbooks, /playbooks/{id}), users
// (/users), API tokens (/tokens), webhooks and their delivery log
// (/webhooks, /webhooks/{id}) and audit log (/audit). Users, tokens and
// webhooks are for admins only.
package webui
