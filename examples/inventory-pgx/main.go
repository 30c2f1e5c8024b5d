// Command inventory-pgx is a stock inventory service on PostgreSQL through
// pgx v5's native API, with an SQL injection left in on purpose: the
// search endpoint concatenates the name filter and the sort column into its
// query. sqreen-build hooks pgx's Query/QueryRow/Exec/SendBatch, so the
// injection is blocked without database/sql.
//
//	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test sqreen-build go run .
//	curl 'http://127.0.0.1:8081/items?name=bolt&sort=name'
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "listen address")
	dsn := flag.String("db", envOr("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"), "PostgreSQL URL")
	flag.Parse()

	ctx := context.Background()
	pool, err := pgxpool.New(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	if err := seed(ctx, pool); err != nil {
		log.Fatalf("seed: %v", err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		items(w, r, pool)
	})
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("inventory listening on http://%s", *addr)
	log.Fatal(srv.ListenAndServe())
}

func seed(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `
		CREATE TABLE IF NOT EXISTS inventory_items (id serial PRIMARY KEY, name text UNIQUE, qty int);
		INSERT INTO inventory_items (name, qty) VALUES ('bolt', 120), ('nut', 300), ('washer', 75)
		ON CONFLICT (name) DO NOTHING`)
	return err
}

type item struct {
	Name string `json:"name"`
	Qty  int    `json:"qty"`
}

// items lists stock, filtered by name and sorted by a column: both are
// pasted into the SQL text.
func items(w http.ResponseWriter, r *http.Request, pool *pgxpool.Pool) {
	sort := r.URL.Query().Get("sort")
	if sort == "" {
		sort = "name"
	}
	q := "SELECT name, qty FROM inventory_items WHERE name LIKE '" + r.URL.Query().Get("name") + "%' ORDER BY " + sort
	rows, err := pool.Query(r.Context(), q)
	if err != nil {
		fail(w, err)
		return
	}
	defer rows.Close()
	var out []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.Name, &it.Qty); err != nil {
			fail(w, err)
			return
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func fail(w http.ResponseWriter, err error) {
	if errors.Is(err, sqreen.ErrBlocked) {
		return // the block response is already written
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
