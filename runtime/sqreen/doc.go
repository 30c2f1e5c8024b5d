// Package sqreen is the public API of the in-app security agent.
//
// Built with sqreen-build, a Go service is protected without any code
// change: the build inserts the agent's hooks at every HTTP server, SQL
// query, command, file open, outgoing request and template render. This
// package is what an app uses on top of that, or instead of it:
//
//   - Middleware protects an http.Handler without instrumentation: the
//     request context, the In-App WAF, IP and user blocking, security
//     headers and CSP, with the embedded default rules and no
//     configuration at all;
//   - ErrBlocked is what a protected call returns when the agent stopped it
//     (errors.Is(err, sqreen.ErrBlocked));
//   - Identify, TrackAuth and TrackEvent tell the agent who the user is and
//     what happens (logins feed the platform's credential-stuffing
//     detection); Identify itself sends no event, the request's events
//     carry the user (see Identify for why);
//   - FromContext gives the security context of the request in flight;
//   - Start configures the agent explicitly; without it the agent starts
//     on first use from the environment and sqreen.yaml (runtime/CONFIG.md).
//
// # Blocking
//
// When a request is blocked, the protected call returns an error matching
// ErrBlocked, the request's context is cancelled, the block page (403 by
// default, JSON or HTML by Accept) replaces the handler's response, and
// whatever the handler writes afterwards is dropped. Handlers should
// return when they see ErrBlocked, as they would on any other error.
//
// # Failure
//
// The agent fails open: a panic or an error inside it is recovered,
// counted and logged once, and the request goes on.
package sqreen
