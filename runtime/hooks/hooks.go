package hooks

import (
	"context"
	"io"
	"net/http"
)

// ABIVersion is the version of the contract between instrumented code and
// this package. sqreen-build stamps the version it was built for into the
// code it injects and refuses a skew.
const ABIVersion = 3

// HTTPEnter is the HTTP server entry hook, called first thing when a
// net/http server dispatches a request (and by sqreen.Middleware).
//
// It returns the writer and request the handler must use from now on (the
// request carries the sqreen request context; the writer adds security
// headers and supports blocking), a function that must be deferred to end
// the request, and blocked=true when the request was blocked at entry (the
// block response has been written; the handler must not run).
// When nothing is to be done it returns w, r, a nil end function and false.
//
// A blocked request's context is cancelled. The instrumented net/http
// entry goes through httpEnter instead, with net/http's own cancel of the
// request's context (HTTP/1), so that the request context is net/http's;
// the cancellation's cause is then context.Canceled rather than the block
// error (see reqctx.Request.Block). There the request itself is served,
// its context set in place.
func HTTPEnter(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request, func(), bool) {
	return middlewareEnter(w, r)
}

// SQL is the database hook, called before a query is prepared or run.
// driver selects the SQL dialect: the *sql.DB (database/sql's own hook
// points pass it; its Driver is asked for only when a rule runs), a
// driver.Driver, or a native client (e.g. a *pgx.Conn); query is the SQL
// text.
func SQL(ctx context.Context, driver any, query string) error {
	return sqlHook(ctx, driver, query)
}

// SQLDialect is SQL with an explicit dialect ("postgresql", "mysql",
// "sqlite", "generic"), for native clients whose dialect is known.
func SQLDialect(ctx context.Context, dialect, query string) error {
	return sqlDialectHook(ctx, dialect, query)
}

// Exec is the process hook, called by os.StartProcess: path is the program,
// argv its arguments (argv[0] included). A shell invocation (sh -c, bash
// -c, ...) is checked as a shell command line.
func Exec(path string, argv []string) error {
	return execHook(path, argv)
}

// File is the file-system hook, called by os.OpenFile (and so by os.Open,
// os.Create, os.ReadFile, os.WriteFile, ...), os.Remove, os.Rename,
// os.Mkdir* and the os.Root methods. op names the operation ("open",
// "remove", "rename", "mkdir", ...), flag is the os.OpenFile flag (0 when
// not an open).
func File(op, path string, flag int) error {
	return fileHook(op, path, flag)
}

// HTTPClient is the outgoing HTTP hook, called before a request is sent by
// an http.Transport.
func HTTPClient(req *http.Request) error {
	return httpClientHook(req)
}

// Dial is called with the address actually dialled by the HTTP transport
// after name resolution ("ip:port"), so that a public name resolving to an
// internal address (DNS rebinding) is caught.
func Dial(ctx context.Context, network, address string) error {
	return dialHook(ctx, network, address)
}

// TemplateBegin is called when html/template or text/template starts
// Execute or ExecuteTemplate writing to w. It returns the writer the
// template must write to and a function to call with the template's error
// once it has finished; that function flushes the output to w unless an
// attack was found in it, and returns the error to return to the caller.
// With nothing to do it returns w itself and a nil function.
func TemplateBegin(w io.Writer, name string) (io.Writer, func(error) error) {
	return templateBegin(w, name)
}
