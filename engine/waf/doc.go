// Package waf holds the input-only helpers of the In-App WAF: functions that
// judge one request value (a query parameter, a form field, a header, a
// JSON string) without knowing the sink it may reach.
//
// They back the request-level rules (is_sqli, is_xss, scanner user agents)
// that the expr rule engine evaluates at the request hook point. Without a
// sink they can only recognise what a value looks like, so the built-in
// rules that use them monitor by default; the context-aware detectors of
// package rasp are the ones that block.
//
// # Why libinjection-go
//
// IsSQLi and IsXSS start with github.com/corazawaf/libinjection-go, a pure
// Go port of libinjection kept by the Coraza project. libinjection does not
// match signatures: it tokenizes the value as SQL (as is, and as if it
// followed a single or a double quote) or as HTML (as text and inside
// attribute values), folds the tokens into a short fingerprint and looks it
// up in a list of fingerprints of real injections. That gives high recall
// with few false positives on ordinary text, no CGO (a decision of the
// project), no allocation on the common path, and a maintained upstream
// with a parity test suite against the C library.
//
// One libinjection verdict is overruled: "sos" (string, operator, string)
// on a value with double quotes only, the shape of most entries of
// libinjection's own false-positive list (`CHRISTMAS STOCKING "NOT"
// STUFFER`); double-quoted strings exist only in MySQL and a lone "sos"
// there is a probe at most (see quotedProse).
//
// libinjection misses injections whose fingerprint falls outside its list,
// mostly long stacked or nested payloads (`1');select case when ...`,
// `1 (select ... from ...)`, `waitfor delay '0:0:5'`). A second, small
// structural check of our own (structure.go) covers them: it tokenizes the
// value after each plausible break-out (none, `'`, `"`), requires the value
// to leave its literal the way an injection does (an operator, a keyword,
// a parenthesis, a comment or `;` right after the break-out, never a plain
// word as in O'Reilly) and then looks for constructs that only SQL has:
// a stacked statement (`; drop table`, or a SQL Server batch without `;`),
// a sub-select (with FROM or an SQL-looking select list, so `5 (select
// one)` is prose), CASE WHEN, WAITFOR DELAY, or a call to a time, error or
// file function (sleep, benchmark, extractvalue, ...). A value may also be
// flagged when it starts with a statement ordinary text never starts
// with: EXEC xp_..., DECLARE @v, WAITFOR DELAY.
//
// IsXSS adds to libinjection's HTML check a small one for script where a
// URL or a JavaScript string is expected (xsshints.go): a javascript:,
// vbscript: or data:text/html URL, and calls of alert, prompt or confirm
// next to a byte that ends a string or a tag.
//
// Both checks start with a byte pre-filter: a value made only of letters,
// digits and a few harmless bytes cannot change SQL or HTML structure and
// is answered in a few nanoseconds without tokenizing. Tests check on the
// corpora and by fuzzing that the pre-filters never skip a value the full
// checks would flag.
//
// ScannerUserAgent recognises the User-Agent strings of attack tools from
// one table (scanners.go).
package waf
