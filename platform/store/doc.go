// Package store is the platform's persistence: apps and their agent tokens,
// instances, events, per-minute metric rollups, versioned rules, blocks and
// the per-app command log the agents follow, playbooks and their firings,
// users, sessions, API tokens, the audit log and webhooks.
//
// # Databases
//
// One schema runs on SQLite (modernc.org/sqlite, pure Go; the default,
// "sqlite://sqreen.db") and on PostgreSQL (pgx, "postgres://..."). Queries
// are written with "?" placeholders and rebound for the driver. Migrations
// are embedded SQL files (migrations/NNNN_name.sql) with a few dialect
// macros ({{id}}, {{blob}}); one table, schema_migrations, records the
// history on both databases. Open migrates.
//
// Times are stored as Unix milliseconds (BIGINT) so both databases sort and
// compare them the same way.
//
// # Commands and cursors
//
// Every change an agent must apply (a block, an unblock, new rules, a new
// budget, mode, headers or heartbeat interval) is appended to the app's
// command log with the next sequence number of that app. The number is taken
// from apps.command_seq under the row's lock, so numbers are committed in
// order and "seq > cursor" never skips one. An agent logs in with a snapshot
// of the current state (LoginState) and then follows the log from the cursor
// the snapshot gave it.
//
// # Heartbeats
//
// IngestHeartbeat stores one batch in one transaction: the (instance, batch
// id) row first, so a batch sent twice is stored once; then the events and
// the rollups. Nothing is stored when any part fails. Heartbeats that arrive
// together share the transaction (group commit: one writer on SQLite, 16
// on PostgreSQL): their rollups are summed and written once per row, on
// PostgreSQL their events go in one INSERT ... SELECT FROM unnest, and each
// is answered only after the commit, with the commands after its cursor.
// When a group's transaction fails, its heartbeats are stored again one per
// transaction, so one bad heartbeat fails alone. On a SQLite file the
// playbook aggregates read through separate read-only connections (WAL), so
// they do not hold up the writer.
//
// # Secrets
//
// Agent and API tokens are random 32-byte values shown once and stored as
// SHA-256 hashes (they are high-entropy, so a slow hash adds nothing).
// Passwords are stored as PBKDF2-SHA256 (standard library crypto/pbkdf2,
// 600,000 iterations by default, salt per password).
package store
