package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
)

// PostgresEnv names the variable holding a PostgreSQL URL for tests.
const PostgresEnv = "SQREEN_TEST_POSTGRES"

// Backend is one database to run a test against.
type Backend struct {
	Name string
	// URL opens a database shared by every Open of this backend in one
	// test (replicas of one platform).
	URL string
}

// Backends returns SQLite (a file in t.TempDir) and, when PostgresEnv is
// set, a fresh PostgreSQL schema.
func Backends(t testing.TB) []Backend {
	t.Helper()
	out := []Backend{{Name: "sqlite", URL: "sqlite://" + t.TempDir() + "/sqreen.db"}}
	if pg := os.Getenv(PostgresEnv); pg != "" {
		out = append(out, Backend{Name: "postgres", URL: freshSchema(t, pg)})
	}
	return out
}

// Open opens a migrated store on the backend, closed at cleanup.
func (b Backend) Open(t testing.TB, now func() time.Time) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), b.URL, store.Options{Now: now})
	if err != nil {
		t.Fatalf("open %s store: %v", b.Name, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// freshSchema creates a schema with a random name and returns a URL whose
// connections use it.
func freshSchema(t testing.TB, pgURL string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", pgURL)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(pgURL)
	if err != nil {
		t.Fatalf("postgres URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
