// Package agent is the state of the in-app agent and the one registry of
// the runtime.
//
// # The registry
//
// Current returns the process's Agent, started from the environment and
// sqreen.yaml on first use (Load, Defaults; keys in runtime/CONFIG.md), or
// installed explicitly with Install (sqreen.Start, tests). InFlight counts
// the protected requests being served: every hook asks it first, so a
// hook with nothing to do costs one atomic load.
//
// # What an Agent holds
//
//   - the compiled rules (engine/rules), swapped atomically: the built-in
//     rules at start, then what ReplaceRules or SetRules put in force;
//   - IP and user block and allow lists with expiry (IPList, StringList),
//     the path allowlist, the per-rule and global modes, the budget;
//   - the security headers and CSP policy and the block page
//     (package respond);
//   - a bounded event queue with an attack-event rate limit, and metrics:
//     counters (the Counter* names) and a fixed-bucket histogram of check
//     time per hook point.
//
// # Request flow
//
// Enter (behind hooks.HTTPEnter and sqreen.Middleware) builds the request
// context and runs the entry checks; Check runs a hook point's rules for a
// request in flight and blocks on a blocking match. Both fail open: a
// panic is recovered, counted (CounterPanics) and logged once a minute.
//
// # For the heartbeat client
//
// Platform commands: ReplaceRules, BlockIP/UnblockIP, AllowIP/DisallowIP,
// BlockUser/UnblockUser/AllowUser, SetBudget, SetMode, SetHeaders,
// SetBlockPage, SetPathAllowlist. Data: DrainEvents, MetricsSnapshot,
// Sites, Rules (version), Config. Everything in an Event was scrubbed
// before it was queued.
package agent
