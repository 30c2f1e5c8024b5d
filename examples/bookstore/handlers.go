package main

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

func (s *shop) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /ping", s.ping)
	mux.HandleFunc("GET /download", s.download)
	mux.HandleFunc("GET /hello", s.hello)
	mux.HandleFunc("GET /fetch", s.fetch)
	mux.HandleFunc("POST /login", s.login)
	return mux
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Bookstore</title></head>
<body><h1>Bookstore</h1>
{{if .Greeting}}<p>{{.Greeting}}</p>{{end}}
{{if .Error}}<p class="error">{{.Error}}</p>{{end}}
{{range .Books}}<p>{{.Title}}, by {{.Author}} (<a href="/download?file={{.File}}">sample</a>)</p>{{end}}
<form action="/search"><input name="q"><button>Search</button></form>
</body></html>
`))

type book struct{ Title, Author, File string }

type pageData struct {
	Greeting template.HTML
	Error    string
	Books    []book
}

// render writes the page. A blocked sink shows up here as an error.
func render(w http.ResponseWriter, d pageData) {
	if err := page.Execute(w, d); err != nil && !errors.Is(err, sqreen.ErrBlocked) {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (s *shop) home(w http.ResponseWriter, r *http.Request) {
	s.searchTitles(w, r, "")
}

// search builds its SQL by concatenation: the classic injection.
func (s *shop) search(w http.ResponseWriter, r *http.Request) {
	s.searchTitles(w, r, r.URL.Query().Get("q"))
}

func (s *shop) searchTitles(w http.ResponseWriter, r *http.Request, q string) {
	query := "SELECT title, author, file FROM books WHERE title LIKE '%" + q + "%' ORDER BY title"
	rows, err := s.db.QueryContext(r.Context(), query)
	if err != nil {
		fail(w, err)
		return
	}
	defer rows.Close()
	var d pageData
	for rows.Next() {
		var b book
		if err := rows.Scan(&b.Title, &b.Author, &b.File); err != nil {
			fail(w, err)
			return
		}
		d.Books = append(d.Books, b)
	}
	if err := rows.Err(); err != nil {
		fail(w, err)
		return
	}
	render(w, d)
}

// ping runs a shell command line that includes the host it was given.
func (s *shop) ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	out, err := exec.CommandContext(r.Context(), "sh", "-c", "echo pinging "+host).CombinedOutput()
	if err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(out)
}

// download serves a sample chapter by file name, joined without checks.
func (s *shop) download(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open(s.files + "/" + r.URL.Query().Get("file"))
	if err != nil {
		fail(w, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.Copy(w, f)
}

// hello greets by name, trusting the name as HTML.
func (s *shop) hello(w http.ResponseWriter, r *http.Request) {
	render(w, pageData{Greeting: template.HTML("Hello, " + r.URL.Query().Get("name") + "!")})
}

// fetch downloads an image by URL for the catalogue.
func (s *shop) fetch(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(r.URL.Query().Get("url"))
	if err != nil {
		fail(w, err)
		return
	}
	defer resp.Body.Close()
	n, _ := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"status": resp.StatusCode, "bytes": n})
}

// login checks a password with a parameterised query and reports the outcome.
func (s *shop) login(w http.ResponseWriter, r *http.Request) {
	user, pass := r.PostFormValue("user"), r.PostFormValue("password")
	var id int
	err := s.db.QueryRowContext(r.Context(), `SELECT id FROM users WHERE name = ? AND password = ?`, user, pass).Scan(&id)
	ok := err == nil
	sqreen.TrackAuth(r.Context(), ok, user)
	if !ok {
		http.Error(w, "invalid credentials", http.StatusUnauthorized)
		return
	}
	if err := sqreen.Identify(r.Context(), user); err != nil {
		fail(w, err)
		return
	}
	w.Write([]byte("welcome " + user + "\n"))
}

// fail reports an error; a call blocked by sqreen already has its response.
func fail(w http.ResponseWriter, err error) {
	if errors.Is(err, sqreen.ErrBlocked) {
		return
	}
	http.Error(w, err.Error(), http.StatusInternalServerError)
}
