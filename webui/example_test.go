package webui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/sqreen-go/sqreen/platform/httpapi"
	"github.com/sqreen-go/sqreen/webui"
	"github.com/sqreen-go/sqreen/webui/backend/memory"
)

// The platform serves the dashboard at the root and the JSON API under
// /api/v1/, both over one backend (storebackend.New(store) in production).
func Example() {
	b := memory.New(memory.Options{})
	if _, err := memory.SeedDemo(context.Background(), b, b.Now()); err != nil {
		panic(err)
	}
	ui, err := webui.New(b, webui.Options{SessionKey: []byte("the same 32+ byte key on every replica")})
	if err != nil {
		panic(err)
	}
	api, err := httpapi.New(b, httpapi.Options{})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", ui)
	mux.Handle("/api/v1/", api)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	fmt.Println(rec.Code, rec.Header().Get("Location"))
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/events", nil))
	fmt.Println(rec.Code)
	// Output:
	// 303 /login?next=%2F
	// 401
}
