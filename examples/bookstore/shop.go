package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite"
)

// shop holds the bookstore's state: a SQLite catalogue and a folder of
// downloadable files.
type shop struct {
	db    *sql.DB
	files string
}

var books = []struct{ title, author, file string }{
	{"The Go Programming Language", "Donovan & Kernighan", "gopl-sample.txt"},
	{"Concurrency in Go", "Katherine Cox-Buday", "cig-sample.txt"},
	{"Learning SQL", "Alan Beaulieu", "sql-sample.txt"},
	{"The Web Application Hacker's Handbook", "Stuttard & Pinto", "wahh-sample.txt"},
	{"O'Reilly Essentials", "Tim O'Reilly", "oreilly-sample.txt"},
}

func openShop(dir string) (*shop, error) {
	files := filepath.Join(dir, "files")
	if err := os.MkdirAll(files, 0o755); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "bookstore.db"))
	if err != nil {
		return nil, err
	}
	stmts := []string{
		`DROP TABLE IF EXISTS books`,
		`DROP TABLE IF EXISTS users`,
		`CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, author TEXT, file TEXT)`,
		`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT UNIQUE, password TEXT)`,
		`INSERT INTO users (name, password) VALUES ('alice', 'wonderland'), ('bob', 'builder')`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			db.Close()
			return nil, fmt.Errorf("init database: %w", err)
		}
	}
	for _, b := range books {
		if _, err := db.Exec(`INSERT INTO books (title, author, file) VALUES (?, ?, ?)`, b.title, b.author, b.file); err != nil {
			db.Close()
			return nil, fmt.Errorf("init database: %w", err)
		}
		sample := fmt.Sprintf("A sample chapter of %q by %s.\n", b.title, b.author)
		if err := os.WriteFile(filepath.Join(files, b.file), []byte(sample), 0o644); err != nil {
			db.Close()
			return nil, err
		}
	}
	return &shop{db: db, files: files}, nil
}
