// Package scrub removes secrets and personal data from everything the
// in-app agent sends out of the process: request parameters, headers,
// decoded JSON bodies, and the free text of attack evidence (a SQL query,
// a URL, a command line).
//
// Two regular expressions drive it, both configurable (Config):
//
//   - the key regex: a value stored under a matching key (password, token,
//     api_key, authorization, cookie, session, ...) is redacted whole,
//     whatever it holds; the regex is searched in the key, so it matches
//     user_password and X-Auth-Token too;
//   - the value regex: any match inside a value or a text is redacted (card
//     numbers, bearer tokens, JWTs, PEM private keys, e-mail addresses,
//     cloud and SaaS access keys). A match of the group named "card" is a
//     card number candidate and is redacted only when its 13 to 19 digits
//     start with 2 to 6 and pass the Luhn check (luhn.go), so most order
//     numbers and timestamps survive.
//
// In free text the key regex also applies to key=value and key: value
// pairs (a URL query, a form body, a SQL condition), so the token of
// https://h/cb?access_token=abc is redacted.
//
// Attack evidence is kept: ScrubEvidence never redacts the bytes of the
// input that matched a rule, unless that input itself contains a secret
// found by the value regex. ScrubSQL does the same for a SQL query and
// also redacts, by position, the values an INSERT gives to sensitive
// columns (it reads the query with package sqltoken).
//
// A Scrubber is immutable and safe for concurrent use. When nothing needs
// redacting, its methods return their argument unchanged, without
// allocating. Go's regexp engine is slow on long alternations, so the
// value regex is compiled one top-level alternative at a time, and the
// default regexes have hand-written fast paths (fastpath.go) whose
// agreement with the regexes the fuzz tests check; custom regexes run as
// they are.
package scrub
