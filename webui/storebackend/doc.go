// Package storebackend adapts the platform's store (platform/store) to the
// dashboard's contract (webui/backend), so that webui and platform/httpapi
// serve what the agents reported:
//
//	st, _ := store.Open(ctx, dbURL, store.Options{})
//	b := storebackend.New(st, storebackend.Options{PlaybookChecker: check})
//	ui, _ := webui.New(b, webui.Options{SessionKey: key})
//	api, _ := httpapi.New(b, httpapi.Options{})
//
// # Mapping decisions
//
//   - Ids are the store's int64 ids written in decimal.
//   - An event's kind is the detector of its first evidence ("sqli",
//     "shell", ...), "waf" for a rule match without evidence, or the store's
//     kind for auth, custom and CSP events; only attacks are listed. The
//     agents' action "blocked" is ActionBlocked, anything else monitored.
//   - The store pages by id (keyset); the dashboard by offset. Lists that
//     need a filter the store cannot express (kind, action, path prefix) or
//     an offset are scanned newest first, at most Options.MaxScan rows; the
//     overview and the vulnerabilities list aggregate at most that many
//     events of their window. Totals are then exact only below that bound.
//   - Rules: an app's rule set is a list of YAML files versioned as a whole.
//     Each file is one dashboard rule (id "APP:FILE.yaml", one URL path segment); its version is
//     the set's version, and saving one file stores a new version of the
//     set with that file replaced. A file cannot be disabled or switched to
//     monitor from the dashboard (the rules' own action: says that); such
//     saves are refused with a clear error.
//   - Settings: mode, time budget, heartbeat interval and CSP map to the
//     app's columns; "security headers" means the app has headers set
//     (turning it on sets the defaults of DefaultHeaders). Scrubbing
//     regexes are not stored yet: changing them is refused.
//   - Playbooks and settings are not versioned by the store: their version
//     is always 1 and a concurrent save wins.
//   - The store audits its own changes; Audit records sign-ins.
//   - Users cannot be deleted yet (the store has no such call): refused.
//   - Vulnerable dependencies: the modules the instances reported at login,
//     matched against the advisories imported into the store (`sqreen-platform
//     vulns import`; reparsed when a newer import appears), or against an
//     OSV export given with Options.Advisories or SetAdvisories, which then
//     wins (package webui/osv loads one).
//   - Cost of protection: each instance carries its own cost over the
//     last 5 minutes (CostOfApp is false), summed from the store's
//     per-instance rollups (store.InstanceCosts); an instance that sent no
//     heartbeat in that window shows zeros. Engine p50/p99 are call-weighted
//     means of the hook points' percentiles (store.EngineTiming).
//   - Events: the agent's attack kind becomes the detector's name (sqli,
//     shell...), "waf" for a request rule, and "blocklist" for a request
//     refused because its IP or user is blocklisted; an event names its
//     instance by the agent's id.
package storebackend
