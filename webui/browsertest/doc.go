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
// They skip, saying so, when /usr/bin/chromium is absent (install it with
// `apt-get install -y chromium`). Screenshots go to the git-ignored
// webui/browsertest/screenshots/ folder, or to $SQREEN_SCREENSHOTS.
package browsertest
