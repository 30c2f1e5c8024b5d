// Package playbook turns what all instances of an app reported into
// security responses. A playbook is an expr condition over time-window
// aggregates of one subject, and an action:
//
//	ip.attacks("5m") >= 10              -> block the IP for 1h on every instance
//	ip.auth_failures("10m") >= 20       -> block the IP (credential stuffing)
//	ip.not_found("5m") >= 50            -> block the IP (scanner)
//	endpoint.attacks("5m") >= 20 && endpoint.attacks("5m") > 10 * endpoint.attacks("24h") / 288
//	                                    -> alert (attack rate far above the endpoint's baseline)
//
// # Conditions
//
// (compiled by the subpackage condition)
//
// The subject (ip, user, endpoint or app) is the only variable. Its
// functions take a window, a Go duration or a number of days ("90s", "5m",
// "1h", "7d"), and count over the app's events whose time is in that window:
// attacks, auth_failures, auth_successes, events; not_found (404 responses,
// per IP and app only, from the agents' metrics). subject.value is the IP,
// user name or path. Conditions are checked when saved (Check): unknown
// names, a second subject or a bad window are refused with the position.
//
// # Running
//
// Runner evaluates every enabled playbook for every app each interval. The
// event aggregates come from per-minute counts kept in memory (tally.go),
// fed by reading each event once, when its transaction has committed
// (feed.go: by id, re-reading the ids skipped by transactions still open
// for settleTime); they are rebuilt from the database on the first run,
// on takeover and when a playbook reads a longer window. A window starts at
// the beginning of the minute holding now-window, for the tally and for
// the store's queries alike (not_found, windows over 24 h). The subjects
// evaluated are those with a non-zero count in one of the
// aggregates the condition uses. A block already active is not decided
// twice; an alert for the same subject is not repeated within its longest
// window. Each firing is stored with its evidence (the aggregates' values),
// and a block goes into the app's command log, so every instance enforces
// it at its next heartbeat.
//
// With several platform replicas, one runs the playbooks: the one that
// holds the "playbooks" lease (a row renewed every interval; another
// replica takes over when it expires).
package playbook
