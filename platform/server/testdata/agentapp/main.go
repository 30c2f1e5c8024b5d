// Command agentapp is a tiny protected app for the platform's end-to-end
// test: the real runtime (sqreen.Start, Middleware, the SQL hook), whose
// heartbeat client talks to the platform named by SQREEN_PLATFORM_ADDR.
// It prints "listening on ADDR" once it serves.
package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/sqreen-go/sqreen/runtime/hooks"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

func main() {
	if err := sqreen.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/q", func(w http.ResponseWriter, r *http.Request) {
		query := "SELECT name FROM users WHERE id = '" + r.URL.Query().Get("id") + "'"
		if err := hooks.SQLDialect(r.Context(), "sqlite", query); errors.Is(err, sqreen.ErrBlocked) {
			return
		}
		fmt.Fprintln(w, "ok")
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on %s\n", l.Addr())
	http.Serve(l, sqreen.Middleware(mux))
}
