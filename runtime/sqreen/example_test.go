package sqreen_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/sqreen-go/sqreen/runtime/hooks"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
)

// Middleware alone protects a handler with the embedded default rules.
// Here the SQL hook is called by hand, as instrumented database/sql code
// would call it.
func ExampleMiddleware() {
	search := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query := "SELECT name FROM products WHERE id = " + r.URL.Query().Get("id")
		if err := hooks.SQLDialect(r.Context(), "postgresql", query); err != nil {
			if errors.Is(err, sqreen.ErrBlocked) {
				return // the block page is already written
			}
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		io.WriteString(w, "results")
	})
	h := sqreen.Middleware(search)

	for _, id := range []string{"42", "42 OR 1=1"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?id="+url.QueryEscape(id), nil))
		fmt.Printf("id=%q: %d\n", id, rec.Code)
	}
	// Output:
	// id="42": 200
	// id="42 OR 1=1": 403
}

// Identify tells the agent who the user is; it returns an error matching
// ErrBlocked when the platform blocked that user.
func ExampleIdentify() {
	h := sqreen.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := sqreen.Identify(r.Context(), "alice"); err != nil {
			return
		}
		fmt.Println("user:", sqreen.FromContext(r.Context()).User())
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/account", nil))
	// Output: user: alice
}

// TrackAuth reports logins: the platform counts failures per IP and per
// user to spot credential stuffing.
func ExampleTrackAuth() {
	login := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, ok := r.FormValue("user"), r.FormValue("password") == "correct horse"
		sqreen.TrackAuth(r.Context(), ok, user)
		if !ok {
			http.Error(w, "bad credentials", http.StatusUnauthorized)
		}
	})
	rec := httptest.NewRecorder()
	sqreen.Middleware(login).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/login?user=bob&password=guess", nil))
	fmt.Println(rec.Code)
	// Output: 401
}

// Start configures the agent explicitly, before serving; the environment
// and sqreen.yaml still apply, and the options come last. (Not run: it
// would replace the agent of the other examples.)
func ExampleStart() {
	if err := sqreen.Start(sqreen.WithCSP("default-src 'self'", true), sqreen.WithBlockStatus(http.StatusNotFound)); err != nil {
		fmt.Println("some settings were rejected, defaults used:", err)
	}
	http.ListenAndServe("127.0.0.1:8080", sqreen.Middleware(http.NotFoundHandler()))
}
