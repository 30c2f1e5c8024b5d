// Command bookstore is a small web shop with vulnerabilities left in on
// purpose, to show what sqreen-build protects against. Do not deploy it.
//
//	GET  /search?q=       SQL built by string concatenation (SQLite)
//	GET  /ping?host=      a "ping" tool running sh -c
//	GET  /download?file=  a file download by name
//	GET  /hello?name=     a greeting that trusts its input as HTML
//	GET  /fetch?url=      an image fetcher by URL
//	POST /login           a login form that reports its outcome (sqreen.TrackAuth)
//
// Built with plain `go build` it is vulnerable; built with
// `sqreen-build go build` every one of these attacks is blocked.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	addr := flag.String("addr", envOr("BOOKSTORE_ADDR", "127.0.0.1:8080"), "listen address")
	dataDir := flag.String("data", envOr("BOOKSTORE_DATA", ""), "folder for the database and downloadable files (default: a temporary folder)")
	flag.Parse()

	if *dataDir == "" {
		d, err := os.MkdirTemp("", "bookstore-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		*dataDir = d
	}
	shop, err := openShop(*dataDir)
	if err != nil {
		log.Fatal(err)
	}
	defer shop.db.Close()

	srv := &http.Server{
		Addr:              *addr,
		Handler:           shop.routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("bookstore listening on http://%s", *addr)
	log.Fatal(srv.ListenAndServe())
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
