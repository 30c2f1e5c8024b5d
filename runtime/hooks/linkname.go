package hooks

// The definitions of the functions sqreen-build declares, body-less, in
// the standard library and in pgx (see instrument/hookpoint). Each one is
// pushed into its package with //go:linkname on the definition, as Go 1.23
// and later require; the names carry the ABI version. In a plain build
// nothing refers to them and the linker drops them.

import (
	"context"
	"io"
	"net/http"
	_ "unsafe" // for go:linkname
)

// buildStamp is set by sqreen-build at link time (-X) to the tool version
// and hook-table hash, so that a binary says how it was instrumented.
var buildStamp string

// BuildStamp returns how this binary was instrumented, or "" for a plain
// build.
func BuildStamp() string { return buildStamp }

//go:linkname osFileV1 os.__sqreen_file_v1
func osFileV1(op, path string, flag int) error { return File(op, path, flag) }

//go:linkname osExecV1 os.__sqreen_exec_v1
func osExecV1(path string, argv []string) error { return Exec(path, argv) }

//go:linkname sqlV1 database/sql.__sqreen_sql_v1
func sqlV1(ctx context.Context, driver any, query string) error { return SQL(ctx, driver, query) }

//go:linkname pgxV1 github.com/jackc/pgx/v5.__sqreen_sql_dialect_v1
func pgxV1(ctx context.Context, dialect, query string) error {
	return SQLDialect(ctx, dialect, query)
}

//go:linkname httpEnterV1 net/http.__sqreen_http_enter_v1
func httpEnterV1(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request, func(), bool) {
	return HTTPEnter(w, r)
}

//go:linkname httpClientV1 net/http.__sqreen_http_client_v1
func httpClientV1(req *http.Request) error { return HTTPClient(req) }

//go:linkname httpDialV1 net/http.__sqreen_dial_v1
func httpDialV1(ctx context.Context, network, address string) error {
	return Dial(ctx, network, address)
}

//go:linkname templateBeginV1 text/template.__sqreen_template_begin_v1
func templateBeginV1(w io.Writer, name string) (io.Writer, func(error) error) {
	return TemplateBegin(w, name)
}
