// Package browsertest drives the dashboard in a real browser: Debian's
// chromium, headless, through the DevTools protocol (chromedp). It holds
// tests only.
//
// The tests start the dashboard on 127.0.0.1 over the in-memory backend
// seeded with demo data (webui/backend/memory.SeedDemo), and walk the paths
// people take: sign in, see an attack, open it, block its IP, write a rule
// with a syntax error, fix it, test it, save it. The stored-XSS test opens
// every page that lists attacker strings and checks, inside the browser, that
// they show as text and that no payload ran.
//
// TestRealAgentEnforcesDashboard closes the loop with a real agent: the
// platform as `sqreen-platform serve` runs it (store on SQLite in a
// temporary folder, gRPC agent service, dashboard over the store) and an
// app protected by sqreen.Middleware, started from SQREEN_* variables,
// both in the test process on 127.0.0.1. In the browser the user sets the
// app's heartbeat interval to 1 s (the shortest agents accept; they get it
// at login), sees the instance healthy, writes, checks, tests and saves a
// rule in block mode; the agent blocks with it after its next heartbeat;
// the attack arrives in the live feed, the overview and the attack list
// with its rule; "Block this IP" on it gets the attacker's requests (the
// client of a proxy on loopback, X-Forwarded-For) blocked after the next
// heartbeat while other clients pass, and lifting the block lets them
// through again; the same with a user the app names with sqreen.Identify,
// blocked from the blocklist page. Every wait is a bounded loop (8 s for what a heartbeat
// brings, 20 s per browser step); the whole test takes 12-20 s.
//
// They skip, saying so, when /usr/bin/chromium is absent (install it with
// `apt-get install -y chromium`). Screenshots go to the git-ignored
// webui/browsertest/screenshots/ folder, or to $SQREEN_SCREENSHOTS.
package browsertest
