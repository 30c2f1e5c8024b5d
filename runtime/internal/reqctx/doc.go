// Package reqctx is the security context of an HTTP request in flight.
//
// New builds a Request when a request enters the server: client IP (see
// ClientIP for which forwarding headers are believed), method, path, route,
// query, headers, cookies, and a Body wrapper that lets rules inspect the
// first bytes of the body (bounded, DefaultBodyLimit) while the handler
// still reads it whole. The Request travels in the request's
// context.Context (FromContext) and, in instrumented builds, in the
// goroutine-local slot of package gls (Current looks in both).
//
// Request.Block stops a request: it writes the block response through the
// Blocker (the response writer) and cancels the request's context with a
// *BlockError, which matches ErrBlocked.
//
// # Client IP
//
// The TCP peer is the client unless it is a trusted proxy. Trusted proxies
// default to loopback only (see LoopbackProxies): an app behind a proxy on
// the same host works unconfigured, and an app exposed directly can never
// be fooled by a forged X-Forwarded-For. Behind a load balancer on another
// host, configure its addresses (SQREEN_TRUSTED_PROXIES).
package reqctx
