// Package budget holds the per-request time budget shared by every check the
// engine runs for one HTTP request: the In-App WAF rules at request entry and
// the RASP rules at each sink (SQL, shell, file, HTTP client, template).
//
// A Budget counts the time spent in checks, not the wall-clock age of the
// request: the application's own work never eats into it. When the spent time
// reaches the limit, Exhausted reports true and the callers skip the remaining
// checks and count them with Skip; a skipped check is never a failure and
// never blocks (fail open).
//
// A Budget is safe for concurrent use: a handler that fans work out to several
// goroutines shares one Budget for its request. The zero limit means "no
// budget at all" and a nil *Budget is a valid, unlimited budget, so callers
// outside a request need no special case.
//
// Reading the clock costs 20-40 ns, so the engine reads it once per rule
// evaluation and charges the difference with Spend; Budget itself never reads
// the clock.
package budget
