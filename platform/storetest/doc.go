// Package storetest opens fresh platform stores for tests: an in-memory
// SQLite database always, and a PostgreSQL schema of its own when
// SQREEN_TEST_POSTGRES names a server (the schema is dropped at cleanup).
package storetest
