// Command notes-chi is a JSON notes API on the chi router, with two
// vulnerabilities left in on purpose: a search whose JSON body is pasted
// into SQL, and an attachment download that joins a user-given name to a
// folder. Because sqreen-build hooks the net/http server entry, every router
// built on net/http (chi here) is covered, JSON bodies included.
//
//	sqreen-build go run .
//	curl -d '{"q":"groceries"}' http://127.0.0.1:8082/notes/search
package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
	_ "modernc.org/sqlite"
)

type notes struct {
	db          *sql.DB
	attachments string
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8082", "listen address")
	flag.Parse()

	dir, err := os.MkdirTemp("", "notes-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	n, err := open(dir)
	if err != nil {
		log.Fatal(err)
	}

	r := chi.NewRouter()
	r.Post("/notes/search", n.search)
	r.Get("/notes/{id}/attachment", n.attachment)
	srv := &http.Server{Addr: *addr, Handler: r, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("notes listening on http://%s", *addr)
	log.Fatal(srv.ListenAndServe())
}

func open(dir string) (*notes, error) {
	att := filepath.Join(dir, "attachments")
	if err := os.MkdirAll(att, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(att, "list.txt"), []byte("milk, eggs\n"), 0o644); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "notes.db"))
	if err != nil {
		return nil, err
	}
	_, err = db.Exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, body TEXT, attachment TEXT);
		INSERT INTO notes (title, body, attachment) VALUES ('groceries', 'milk, eggs', 'list.txt'), ('ideas', 'a bookstore', '')`)
	if err != nil {
		return nil, err
	}
	return &notes{db: db, attachments: att}, nil
}

type note struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// search reads {"q": "..."} and pastes q into the query.
func (n *notes) search(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Q string `json:"q"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		http.Error(w, "bad JSON: "+err.Error(), http.StatusBadRequest)
		return
	}
	rows, err := n.db.QueryContext(r.Context(), "SELECT id, title, body FROM notes WHERE title = '"+req.Q+"'")
	if err != nil {
		fail(w, err)
		return
	}
	defer rows.Close()
	out := []note{}
	for rows.Next() {
		var nt note
		if err := rows.Scan(&nt.ID, &nt.Title, &nt.Body); err != nil {
			fail(w, err)
			return
		}
		out = append(out, nt)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// attachment serves ?name= from the attachments folder without checking it.
func (n *notes) attachment(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile(n.attachments + "/" + r.URL.Query().Get("name"))
	if err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}

func fail(w http.ResponseWriter, err error) {
	if errors.Is(err, sqreen.ErrBlocked) {
		return
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
}
