package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"syscall"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	if err := run(); err != nil {
		log.Fatal("app: ", err)
	}
}

func run() error {
	addr := os.Getenv("BENCH_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8090"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("BENCH_ADDR=%q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("BENCH_ADDR=%q: want a loopback address", addr)
	}
	if err := holdLiveHeap(); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "bench-app-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := openStore(filepath.Join(dir, "books.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	page, err := newPage()
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /book", &bookHandler{db: db, page: page})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}

	if path := os.Getenv("BENCH_CPUPROFILE"); path != "" {
		stopProfile, err := startProfile(path)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	if path := os.Getenv("BENCH_MEMPROFILE"); path != "" {
		defer writeHeapProfile(path)
	}
	defer printGCStats() // with -tags benchgcstats; see gcstats.go
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("app: listening on http://%s", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openStore creates and fills the database: 500 books by 50 authors, 20
// reviews each.
func openStore(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	idle, err := idleConns()
	if err != nil {
		db.Close()
		return nil, err
	}
	db.SetMaxIdleConns(idle)
	stmts := []string{
		`CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, price REAL NOT NULL, summary TEXT NOT NULL)`,
		`CREATE INDEX books_author ON books(author)`,
		`CREATE TABLE reviews (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, stars INTEGER NOT NULL, reviewer TEXT NOT NULL, body TEXT NOT NULL)`,
		`CREATE INDEX reviews_book ON reviews(book_id)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			db.Close()
			return nil, fmt.Errorf("creating the schema: %w", err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		db.Close()
		return nil, err
	}
	for b := 1; b <= numBooks; b++ {
		_, err := tx.Exec(`INSERT INTO books (id, title, author, price, summary) VALUES (?, ?, ?, ?, ?)`,
			b, fmt.Sprintf("Book number %d", b), fmt.Sprintf("Author %d", b%50), 5+float64(b%40),
			fmt.Sprintf("A story about <%d> things & their consequences.", b))
		for r := 0; err == nil && r < 20; r++ {
			_, err = tx.Exec(`INSERT INTO reviews (book_id, stars, reviewer, body) VALUES (?, ?, ?, ?)`,
				b, 1+(b+r)%5, fmt.Sprintf("reader%d", r), fmt.Sprintf("Review %d of book %d: \"fine\" & <good>.", r, b))
		}
		if err != nil {
			tx.Rollback()
			db.Close()
			return nil, fmt.Errorf("filling the database: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// defaultIdleConns is how many connections the pool keeps open between
// queries, at least the load's 8 connections: with database/sql's default
// of 2, every request that finds the idle pool empty opens a new SQLite
// connection (file open, locks, schema parse: ~100 us) and one closes it
// after. How often that happens depends on how requests overlap, so a
// build that is a few microseconds slower churned more connections and the
// benchmark measured the pool, not the build (see docs/PERFORMANCE.md).
const defaultIdleConns = 16

// idleConns returns BENCH_DB_IDLE (the pool's idle connections, 2 is
// database/sql's default) or defaultIdleConns.
func idleConns() (int, error) {
	v := os.Getenv("BENCH_DB_IDLE")
	if v == "" {
		return defaultIdleConns, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("BENCH_DB_IDLE=%q: want a number of connections >= 0", v)
	}
	return n, nil
}

// numBooks is how many books openStore writes; ids run from 1.
const numBooks = 500

// startProfile writes a CPU profile to path until the returned function
// is called (at exit): where the per-request time goes, for both builds.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("BENCH_CPUPROFILE: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("BENCH_CPUPROFILE: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeHeapProfile writes the allocation profile of the whole run to path
// (at exit): what each request allocates, for both builds.
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Printf("BENCH_MEMPROFILE: %v", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		log.Printf("BENCH_MEMPROFILE: %v", err)
	}
}
