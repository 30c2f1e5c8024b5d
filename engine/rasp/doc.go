// Package rasp holds the context-aware injection detectors of the engine.
//
// Each detector answers one question: does the user-controlled input, where
// it occurs in the sink string (a SQL query, a shell command line, a file
// path, a URL, rendered HTML), change the sink's structure? The answer comes
// from a tokenizer of the sink's language, never from signatures.
//
// The four boolean functions SQLInjection, ShellInjection, PathTraversal and
// SSRF are a stable API called by external evaluation harnesses.
//
// # Shared contract
//
// Every detector takes the sink string and one request input. An input
// shorter than 2 bytes, or absent from the sink, never matches; every
// occurrence of the input is checked and the first that changes the sink
// is reported. Each boolean function has a Detect* twin returning the
// Finding (kind, input, offset, reason) for events.
//
// # Shell, path, SSRF and template XSS
//
//   - DetectShell tokenizes the command line with package shelltoken
//     (POSIX sh quoting) and flags inputs that reach an unquoted operator,
//     redirection, newline, comment, substitution or variable expansion
//     (also inside double quotes), that add an option carrying a value
//     ("--upload-pack=x"), that supply a command word while spanning a word
//     boundary, that break out of the template's quotes, or that leave a
//     quote open, also inside scripts handed to nested shells (sh -c '...',
//     eval). Splitting into several plain arguments or flags ("foo bar",
//     "-r -t") is not flagged. The runtime passes the script of sh -c, not
//     an argv joined with spaces.
//   - DetectPath cleans the path with / and \ as separators and flags inputs
//     that leave the directory the input was meant to stay in, absolute
//     inputs at the start of the path (bare top-level directories such as
//     "/etc" excepted), file: URLs naming the path, NUL bytes, and the
//     same once or twice percent-decoded or with their ASCII case changed.
//   - DetectSSRF splits the URL as WHATWG, RFC 3986 and naive parsers would
//     (package urlhost) and flags inputs that choose a non-http(s) scheme or
//     a dangerous host or port: DangerousHost and DangerousIP, which the
//     runtime also calls with the address actually dialled, hold the policy
//     (internal ranges, metadata endpoints, internal names, out-of-band
//     services) in two tables.
//   - DetectTemplateXSS flags an input that carries HTML syntax and, where
//     it occurs verbatim in the rendered page, starts markup (a tag in text,
//     a handler attribute in a tag, a script URL in a URL attribute, the end
//     of a comment or script).
package rasp
