package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL database behind a Store.
type Dialect string

// The supported databases.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the platform's database. It is safe for concurrent use.
type Store struct {
	db *sqlx.DB
	// rdb runs the long reads (playbook aggregates) on SQLite files: WAL
	// readers on their own connections do not hold up the single writer.
	// It is db elsewhere.
	rdb     *sqlx.DB
	dialect Dialect
	now     func() time.Time
	// group commits concurrent heartbeats together.
	group *groupCommit
	// stmts caches prepared statements (see prepared).
	stmts sync.Map
	// cmdCache keeps the latest commands of each app (see CommandsAfter).
	cmdCache commandCache
	// ckpt checkpoints a SQLite file's WAL (nil otherwise).
	ckpt *checkpointer
}

// Options tune Open.
type Options struct {
	// Now replaces the clock (tests). Nil means time.Now.
	Now func() time.Time
	// NoMigrate opens without migrating (the migrate command does it).
	NoMigrate bool
	// MaxQueueWait is how long heartbeats may wait for a writer before
	// new ones are refused with ErrOverloaded (load shedding). Zero means
	// DefaultMaxQueueWait; negative never refuses.
	MaxQueueWait time.Duration
}

// DefaultMaxQueueWait: past it the platform is beyond capacity and a
// heartbeat accepted now would wait seconds, up to the agent's 10 s
// deadline; refused, the agent backs off and resends the batch.
const DefaultMaxQueueWait = 500 * time.Millisecond

// Open connects to the database named by a URL and migrates it to the
// latest schema: "sqlite://path/to/file.db" (created when absent),
// "sqlite://:memory:", or "postgres://user@host:port/db?sslmode=disable"
// (a "search_path" query parameter selects a schema).
func Open(ctx context.Context, dbURL string, opts Options) (*Store, error) {
	dialect, driver, dsn, err := parseURL(dbURL)
	if err != nil {
		return nil, err
	}
	walFile := dialect == SQLite && !strings.HasPrefix(dsn, "file::memory:")
	if walFile {
		dsn = withoutAutoCheckpoint(dsn)
	}
	db, err := sqlx.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s database: %w", dialect, err)
	}
	if dialect == SQLite {
		// One connection: SQLite has one writer, and a single connection
		// avoids SQLITE_BUSY between our own transactions (and keeps a
		// :memory: database alive).
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
	}
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s database: %w", dialect, err)
	}
	s := &Store{db: db, rdb: db, dialect: dialect, now: time.Now}
	if opts.Now != nil {
		s.now = opts.Now
	}
	if !opts.NoMigrate {
		if _, err := s.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	if rdsn, ok := readerDSN(dialect, dsn); ok {
		rdb, err := sqlx.Open(driver, rdsn)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open %s database for reading: %w", dialect, err)
		}
		rdb.SetMaxOpenConns(4)
		rdb.SetConnMaxIdleTime(5 * time.Minute)
		s.rdb = rdb
	}
	if walFile {
		if s.ckpt, err = startCheckpointer(driver, dsn); err != nil {
			if s.rdb != db {
				s.rdb.Close()
			}
			db.Close()
			return nil, err
		}
	}
	if dialect == SQLite {
		// One writer: every heartbeat waiting is in the next group.
		s.group = newGroupCommit(s, 1, 64, opts.MaxQueueWait)
	} else {
		// Several writers: each waits on round trips to the server, and
		// with too few of them an overloaded platform queues heartbeats
		// past their deadline (4 writers sustained 8,910 of 20,000 events/s
		// offered, 16 sustained 18,067 with none timed out). Half the pool.
		s.group = newGroupCommit(s, 16, 32, opts.MaxQueueWait)
	}
	return s, nil
}

func parseURL(dbURL string) (Dialect, string, string, error) {
	scheme, rest, ok := strings.Cut(dbURL, "://")
	if !ok {
		return "", "", "", fmt.Errorf("store: database URL %q: want sqlite://FILE or postgres://...", dbURL)
	}
	switch scheme {
	case "sqlite", "sqlite3":
		path, query, _ := strings.Cut(rest, "?")
		if path == "" {
			return "", "", "", fmt.Errorf("store: database URL %q: missing file name after sqlite://", dbURL)
		}
		params := url.Values{}
		if query != "" {
			var err error
			if params, err = url.ParseQuery(query); err != nil {
				return "", "", "", fmt.Errorf("store: database URL %q: %w", dbURL, err)
			}
		}
		params.Add("_pragma", "foreign_keys(1)")
		if !slices.ContainsFunc(params["_pragma"], func(p string) bool { return strings.HasPrefix(p, "busy_timeout") }) {
			// How long a write waits for a lock another process holds (a
			// backup, the sqlite3 shell) before the call fails and the agent
			// retries; sqlite://FILE?_pragma=busy_timeout(MS) sets it.
			params.Add("_pragma", "busy_timeout(10000)")
		}
		if !slices.ContainsFunc(params["_pragma"], func(p string) bool { return strings.HasPrefix(p, "cache_size") }) {
			// The event indexes (by IP especially) take rows on pages all
			// over the file: a 64 MiB page cache (2 MiB by default) saves
			// most reads; sqlite://FILE?_pragma=cache_size(-KIB) sets it.
			params.Add("_pragma", "cache_size(-65536)")
		}
		if path != ":memory:" {
			params.Add("_pragma", "journal_mode(WAL)")
			params.Add("_pragma", "synchronous(NORMAL)")
		}
		params.Set("_txlock", "immediate")
		return SQLite, "sqlite", "file:" + path + "?" + params.Encode(), nil
	case "postgres", "postgresql":
		return Postgres, "pgx", dbURL, nil
	default:
		return "", "", "", fmt.Errorf("store: database URL %q: unknown scheme %q (want sqlite or postgres)", dbURL, scheme)
	}
}

// readerDSN returns the DSN of read-only connections to a SQLite file
// (deferred transactions, query_only), false for other databases and
// :memory:, which only the writer's connection sees.
func readerDSN(d Dialect, dsn string) (string, bool) {
	if d != SQLite || strings.HasPrefix(dsn, "file::memory:") {
		return "", false
	}
	path, query, _ := strings.Cut(dsn, "?")
	params, err := url.ParseQuery(query)
	if err != nil {
		return "", false
	}
	params.Del("_txlock")
	params.Add("_pragma", "query_only(1)")
	params.Add("_pragma", "temp_store(MEMORY)") // GROUP BY of aggregates sorts in memory
	return path + "?" + params.Encode(), true
}

// Dialect reports which database the store uses.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB exposes the connection pool (leader election and tests).
func (s *Store) DB() *sqlx.DB { return s.db }

// Close stops the group committer and closes the connection pool.
func (s *Store) Close() error {
	if s.group != nil {
		s.group.stop()
	}
	if s.ckpt != nil {
		s.ckpt.close()
	}
	if s.rdb != s.db {
		s.rdb.Close()
	}
	s.stmts.Range(func(_, st any) bool {
		if st := st.(*sqlx.Stmt); st != nil {
			st.Close()
		}
		return true
	})
	return s.db.Close()
}

// Ping checks the database answers (health checks).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func (s *Store) nowMS() int64 { return s.now().UnixMilli() }

// q rebinds a query written with "?" placeholders for the driver.
func (s *Store) q(query string) string { return s.db.Rebind(query) }

// inTx runs fn in a transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// insertID inserts a row and returns its generated id.
func (s *Store) insertID(ctx context.Context, ex sqlx.ExtContext, query string, args ...any) (int64, error) {
	var id int64
	err := sqlx.GetContext(ctx, ex, &id, s.q(query+" RETURNING id"), args...)
	return id, err
}

// notFound turns sql.ErrNoRows into ErrNotFound naming what was looked up.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
