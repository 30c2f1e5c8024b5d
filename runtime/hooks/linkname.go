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

//go:linkname osFileV2 os.__sqreen_file_v2
func osFileV2(op, path string, flag int) error { return File(op, path, flag) }

//go:linkname osExecV2 os.__sqreen_exec_v2
func osExecV2(path string, argv []string) error { return Exec(path, argv) }

//go:linkname sqlV2 database/sql.__sqreen_sql_v2
func sqlV2(ctx context.Context, driver any, query string) error { return SQL(ctx, driver, query) }

//go:linkname pgxV2 github.com/jackc/pgx/v5.__sqreen_sql_dialect_v2
func pgxV2(ctx context.Context, dialect, query string) error {
	return SQLDialect(ctx, dialect, query)
}

// cancel is net/http's own cancel of r's context (nil unless HTTP/1): a
// blocked request is cancelled with it (see httpEnter).
//
//go:linkname httpEnterV2 net/http.__sqreen_http_enter_v2
func httpEnterV2(w http.ResponseWriter, r *http.Request, cancel func()) (http.ResponseWriter, *http.Request, func(), bool) {
	return httpEnter(w, r, cancel)
}

//go:linkname httpClientV2 net/http.__sqreen_http_client_v2
func httpClientV2(req *http.Request) error { return HTTPClient(req) }

//go:linkname httpDialV2 net/http.__sqreen_dial_v2
func httpDialV2(ctx context.Context, network, address string) error {
	return Dial(ctx, network, address)
}

//go:linkname templateBeginV2 text/template.__sqreen_template_begin_v2
func templateBeginV2(w io.Writer, name string) (io.Writer, func(error) error) {
	return TemplateBegin(w, name)
}
