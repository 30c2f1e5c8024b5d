package hooks

// The definitions of the functions sqreen-build declares, body-less, in
// the standard library and in pgx (see instrument/hookpoint). Each one is
// pushed into its package with //go:linkname on the definition, as Go 1.23
// and later require; the names carry the ABI version. In a plain build
// nothing refers to them and the linker drops them.

import (
	"bufio"
	"context"
	"io"
	"net/http"
	_ "unsafe" // for go:linkname

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
)

// buildStamp is set by sqreen-build at link time (-X) to the tool version
// and hook-table hash, so that a binary says how it was instrumented.
var buildStamp string

// BuildStamp returns how this binary was instrumented, or "" for a plain
// build.
func BuildStamp() string { return buildStamp }

//go:linkname osFileV3 os.__sqreen_file_v3
func osFileV3(op, path string, flag int) error { return File(op, path, flag) }

//go:linkname osExecV3 os.__sqreen_exec_v3
func osExecV3(path string, argv []string) error { return Exec(path, argv) }

//go:linkname sqlV3 database/sql.__sqreen_sql_v3
func sqlV3(ctx context.Context, driver any, query string) error { return SQL(ctx, driver, query) }

//go:linkname pgxV3 github.com/jackc/pgx/v5.__sqreen_sql_dialect_v3
func pgxV3(ctx context.Context, dialect, query string) error {
	return SQLDialect(ctx, dialect, query)
}

// cancel is net/http's own cancel of r's context (nil unless HTTP/1): a
// blocked request is cancelled with it; ctx is r's context field, which
// the runtime sets in place (see httpEnter).
//
//go:linkname httpEnterV3 net/http.__sqreen_http_enter_v3
func httpEnterV3(w http.ResponseWriter, r *http.Request, cancel func(), ctx *context.Context) (http.ResponseWriter, func(), bool) {
	return httpEnter(w, r, cancel, ctx)
}

// ctx is the request's context field, h the header net/http writes in
// an HTTP/1 response's header block, bw where (see agent.WireHeaders).
//
//go:linkname httpHeaderV3 net/http.__sqreen_http_header_v3
func httpHeaderV3(ctx context.Context, h http.Header, bw *bufio.Writer) {
	agent.WireHeaders(ctx, h, bw)
}

//go:linkname httpClientV3 net/http.__sqreen_http_client_v3
func httpClientV3(req *http.Request) error { return HTTPClient(req) }

//go:linkname httpDialV3 net/http.__sqreen_dial_v3
func httpDialV3(ctx context.Context, network, address string) error {
	return Dial(ctx, network, address)
}

//go:linkname templateBeginV3 text/template.__sqreen_template_begin_v3
func templateBeginV3(w io.Writer, name string) (io.Writer, func(error) error) {
	return TemplateBegin(w, name)
}
