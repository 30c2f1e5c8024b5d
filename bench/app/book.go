package main

import (
	"database/sql"
	"errors"
	"html/template"
	"net/http"
	"strconv"
)

// bookHandler serves GET /book?id=N: the book, its reviews and other books
// by the same author (three queries), rendered with html/template.
type bookHandler struct {
	db   *sql.DB
	page *template.Template
}

type book struct {
	ID      int
	Title   string
	Author  string
	Price   float64
	Summary string
}

type review struct {
	Stars    int
	Reviewer string
	Body     string
}

type bookPage struct {
	Book    book
	Reviews []review
	Average float64
	Others  []book
	Ref     string
}

func (h *bookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil || id < 1 {
		http.Error(w, "want ?id=N, N >= 1", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	p := bookPage{Ref: r.URL.Query().Get("ref")}
	b := &p.Book
	err = h.db.QueryRowContext(ctx, `SELECT id, title, author, price, summary FROM books WHERE id = ?`, id).
		Scan(&b.ID, &b.Title, &b.Author, &b.Price, &b.Summary)
	if errors.Is(err, sql.ErrNoRows) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	if p.Reviews, err = h.reviews(r, id); err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	for _, rv := range p.Reviews {
		p.Average += float64(rv.Stars)
	}
	if len(p.Reviews) > 0 {
		p.Average /= float64(len(p.Reviews))
	}
	if p.Others, err = h.others(r, b.Author, id); err != nil {
		http.Error(w, "database error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := h.page.Execute(w, &p); err != nil {
		// Headers are gone; the client sees a cut page.
		return
	}
}

func (h *bookHandler) reviews(r *http.Request, id int) ([]review, error) {
	rows, err := h.db.QueryContext(r.Context(), `SELECT stars, reviewer, body FROM reviews WHERE book_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []review
	for rows.Next() {
		var rv review
		if err := rows.Scan(&rv.Stars, &rv.Reviewer, &rv.Body); err != nil {
			return nil, err
		}
		out = append(out, rv)
	}
	return out, rows.Err()
}

func (h *bookHandler) others(r *http.Request, author string, id int) ([]book, error) {
	rows, err := h.db.QueryContext(r.Context(),
		`SELECT id, title, price FROM books WHERE author = ? AND id <> ? ORDER BY price LIMIT 5`, author, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []book
	for rows.Next() {
		var b book
		if err := rows.Scan(&b.ID, &b.Title, &b.Price); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

const pageSource = `<!doctype html>
<html><head><title>{{.Book.Title}}</title></head>
<body>
<h1>{{.Book.Title}}</h1>
<p class="author">by {{.Book.Author}}, {{printf "%.2f" .Book.Price}} EUR</p>
<p>{{.Book.Summary}}</p>
{{if .Ref}}<p>You came from <a href="/{{.Ref}}">{{.Ref}}</a>.</p>{{end}}
<h2>{{len .Reviews}} reviews, {{printf "%.1f" .Average}} stars on average</h2>
<ul>{{range .Reviews}}
<li><b>{{.Reviewer}}</b> ({{.Stars}}/5): {{.Body}}</li>{{end}}
</ul>
<h2>Also by {{.Book.Author}}</h2>
<ul>{{range .Others}}
<li><a href="/book?id={{.ID}}">{{.Title}}</a>, {{printf "%.2f" .Price}} EUR</li>{{end}}
</ul>
</body></html>
`

func newPage() (*template.Template, error) {
	return template.New("book").Parse(pageSource)
}
