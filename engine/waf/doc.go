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
// # How IsSQLi decides
//
// Without the query, a value can only be judged by what it would do in
// the places request values land in: where a number or a name is
// expected, and inside a single- or double-quoted literal. IsSQLi tokenizes
// the value for each of these (sqllex.go) and asks two questions. Does
// the value leave its literal the way an injection does: right after the
// number, the word or the closing quote comes an operator, a comment, a
// parenthesis, ';' or a keyword that continues an expression (never a
// plain word, as in O'Reilly)? And does what follows hold a construct only
// SQL has (structure.go, expr.go)?
//
//   - a boolean test: AND, OR, XOR, && or || (or WHERE, HAVING) followed
//     by a comparison with a SQL value on one side (`' or 1=1`, `) and
//     ascii(substring(pw,1,1))>64`, `' or 'a'='a`), or by a lone value or
//     function call before a comment (`' or 1--`, `and elt(1=1,2)#`);
//   - a stacked statement (`; drop table`, a SQL Server batch without
//     `;`), a sub-select, UNION SELECT, CASE WHEN, WAITFOR DELAY, PROCEDURE
//     ANALYSE, INTO OUTFILE, ORDER BY a column number, or a call of a time,
//     error or file function (sleep, benchmark, extractvalue, ...);
//   - after a single quote, an operator that compares or combines the
//     closed literal with a short new one the query's own quote ends
//     (`a' = 'a`, `x'|ascii(1)+1!='1`);
//   - a closing quote followed by a (nearly empty) comment that cuts the
//     rest of the query off (`admin'--`, `admin' #`).
//
// A few constructs are SQL whatever the context and are looked for in the
// whole value: UNION SELECT of a select list, a parenthesised SELECT of
// SQL values, a comparison of SQL values on both sides after a boolean
// operator (`HOPE AND 8=3`), a statement no text starts with (`exec
// master..xp_cmdshell`, `declare @v`, `select 1,2 from users`).
//
// What counts as a SQL value is deliberately narrow: a number, a string,
// NULL, TRUE, FALSE, an @variable, a call of a known SQL function, a
// parenthesis holding numbers or operators. Prose is full of `and` and
// `or`, and sometimes of quotes and `=`, but rarely of such values on both
// sides of a comparison: `1950 or 1960`, `80% acrylic and 20% wool`,
// `size and color=red`, `KNICKIN' AND KNACKIN'` pass.
//
// The project first used libinjection-go (the Coraza project's port of
// libinjection) for this and kept the structural check for what its
// fingerprint list missed. It was replaced because its package builds a
// 9,352-entry keyword map at start: 427 KB of permanent heap in every
// protected binary, which a small service's garbage collector marks on
// every cycle (docs/PERFORMANCE.md measured +9.5 us per request for such
// a map). Measured on the corpora when the switch was made (corpus_test.go
// holds the targets): HttpParamsDataset sqli recall 98.6 % (libinjection
// alone 96.8 %) with none of its 19,304 benign values flagged;
// libinjection's own attack list 96.5 % (it was trained on it) and 1 of
// the 442 values of its false-positive list (libinjection flags 21);
// PayloadsAllTheThings sqli lines 84.7 % (libinjection 54.5 %); on the
// 320,000 comment lines of Go's standard library, mostly prose and code,
// 419 flagged (libinjection 806). It allocates nothing and is 2 to 5 times
// faster on values with punctuation.
//
// # How IsXSS decides
//
// IsXSS reads the value as HTML (htmlscan.go) in each place a value lands
// in a page: as text, and as a double-, single-, backtick-quoted or
// unquoted attribute value, where the value's first quote, blank or '>'
// ends the value and the rest is read as more attributes of the page's
// tag. It flags what runs or loads script there: a script, iframe, frame,
// object, embed or applet tag; link, base and meta with the attributes
// that load or redirect; an event handler attribute (on and three or more
// letters, with a value) on any tag; a script URL in any attribute,
// decoded as browsers decode it (`jav&#x09;ascript:`, `&#106;...`,
// `&colon;`, blanks and control bytes); srcdoc; CSS that runs script
// (expression(, behavior:, -moz-binding, @import, script URLs, with
// comments and escapes removed); and a few older vectors (IE's HTML+TIME,
// Netscape's `&{}` entities, server-side includes). The reading is lenient
// where parsers disagree: comments, CDATA and raw-text content are read as
// markup, and a '<' starting a tag inside a tag or an attribute value
// starts a new one, so nested and mutation payloads are seen. Tags that
// run nothing (`<b>`, `<a href=https://...>`) and '<' that starts no tag
// ("a < b", "I <3 Go") are not flagged. A second check (xsshints.go) finds
// script where a URL or a JavaScript string is expected: a value that is
// a script URL, and calls of alert, prompt or confirm next to a byte that
// ends a string or a tag. Match.Fingerprint names the construct ("event
// handler onerror", "script url in href") and Offset locates it.
//
// It replaced libinjection-go's XSS check with the SQL one. Measured at
// the switch: HttpParamsDataset xss 95.5 % (libinjection 94.9 %) with no
// benign value flagged, libinjection's xss list 97.2 % (99.6 %),
// PayloadsAllTheThings xss 77.9 % (79.0 %). libinjection also flags any
// style attribute and any bare <svg>, <math> or <!DOCTYPE>; IsXSS flags
// only what runs or loads script. No allocation, time linear in the
// value's length.
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
