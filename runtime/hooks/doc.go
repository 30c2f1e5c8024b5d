// Package hooks is the interface that instrumented code calls.
//
// sqreen-build inserts calls to these functions at every hook point (see
// instrument/ and docs/instrumentation.md). The Middleware of package
// sqreen calls HTTPEnter too, so apps can be protected without
// instrumentation. The signatures are a stable, versioned contract: the
// build tool refuses to build against a runtime whose ABIVersion differs
// from its own.
//
// # Cost
//
// Every function starts with one atomic load and a branch, and returns
// there in a process that has served no protected request (a batch job).
// Otherwise it looks for the request of its context (or goroutine) and
// returns, without allocating, when there is none, when the agent is
// disabled or when no rule applies to the hook point.
//
// # Errors
//
// A sink hook returns nil to let the call go on, or an error that matches
// sqreen.ErrBlocked (errors.Is) when the call must not happen. The
// instrumented call site returns that error to its caller instead of
// performing the call. Hooks never panic: every evaluation runs under
// recover and fails open.
//
// # Hook points
//
//	function       rules hook    what the rules see
//	HTTPEnter      request       the request at entry, then its JSON/form body
//	               response      the status and headers, before they are sent
//	SQL            sql           the query and the dialect of the driver's package
//	SQLDialect     sql           the query and the given dialect
//	Exec           shell         sh/bash/dash/zsh/ksh/ash -c: the command line; else argv joined
//	File           file          the path and the operation (open, create, write, remove, ...)
//	HTTPClient     http_client   the URL
//	Dial           http_client   the dialled IP, when the URL's host came from an input
//	TemplateBegin  template      the rendered output, buffered until the template ends (*)
//
// (*) Only when it can match: a template rule other than the built-in XSS
// detector exists, or an input of the request could be flagged by the
// detector in some page (rasp.XSSInput: HTML syntax, computed once per
// request). Otherwise the template writes straight to its writer, and a
// benign request pays neither the buffer nor the check.
//
// Each sink hook has a fast part (the no-op test) that inlines into its
// caller, and a slow part that looks the request up and runs the rules
// (engine/rules) through the agent (runtime/internal/agent).
//
// # Request lookup
//
// Hooks that receive a context.Context find the request there. Hooks
// without one (os.OpenFile, os.StartProcess, ...) find it through the
// goroutine-local slot that instrumentation adds to the Go runtime; when the
// program is not instrumented, such hooks see no request and do nothing.
package hooks
