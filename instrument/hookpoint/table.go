package hookpoint

import "strings"

// ABIVersion is the version of the runtime/hooks contract this table
// calls; every Decl name ends in "_v" + ABIVersion.
const ABIVersion = 3

// SitesDecl is the declaration, injected into every instrumented package,
// through which the package's init registers its sites with the runtime
// (runtime/hooks.RegisterSitesV3); the runtime defines it once per
// package of the table.
var SitesDecl = Decl{Name: "__sqreen_sites_v3", Signature: "(pkg, table string)"}

// Declarations shared by several rows.
var (
	fileDecl = Decl{Name: "__sqreen_file_v3", Signature: "(op, path string, flag int) error"}
	execDecl = Decl{Name: "__sqreen_exec_v3", Signature: "(path string, argv []string) error"}
	sqlDecl  = Decl{
		Name:      "__sqreen_sql_v3",
		Signature: "(ctx context.Context, driver any, query string) error",
		Imports:   []string{"context"},
	}
	pgxDecl = Decl{
		Name:      "__sqreen_sql_dialect_v3",
		Signature: "(ctx context.Context, dialect, query string) error",
		Imports:   []string{"context"},
	}
	// cancel is net/http's own cancel of r's context ((*response).cancelCtx,
	// which net/http calls when ServeHTTP returns), nil for other writers
	// (HTTP/2's): the runtime cancels a blocked request with it instead of
	// deriving a cancellable context of its own on every request. ctx is
	// r's own context field: r is the server's request, which no handler
	// has seen yet, so the runtime sets the request's security context on
	// it in place (as net/http's initALPNRequest sets fields of it) instead
	// of copying the whole Request with WithContext on every request.
	httpEnterDecl = Decl{
		Name:      "__sqreen_http_enter_v3",
		Signature: "(w ResponseWriter, r *Request, cancel func(), ctx *context.Context) (ResponseWriter, func(), bool)",
		Imports:   []string{"context"},
	}
	// The writing of an HTTP/1 response's header block: ctx is the
	// request's context field, h the header written, w where; the
	// runtime writes there the security headers it left to it.
	httpHeaderDecl = Decl{
		Name:      "__sqreen_http_header_v3",
		Signature: "(ctx context.Context, h Header, w *bufio.Writer)",
		Imports:   []string{"bufio", "context"},
	}
	httpClientDecl = Decl{Name: "__sqreen_http_client_v3", Signature: "(req *Request) error"}
	dialDecl       = Decl{
		Name:      "__sqreen_dial_v3",
		Signature: "(ctx context.Context, network, address string) error",
		Imports:   []string{"context"},
	}
	templateDecl = Decl{
		Name:      "__sqreen_template_begin_v3",
		Signature: "(w io.Writer, name string) (io.Writer, func(error) error)",
		Imports:   []string{"io"},
	}
)

// Prologues shared by several rows. Each is one line of Go.
const (
	fileOpen   = `if __sqreen_err := __sqreen_file_v3("open", {{p 0}}, {{p 1}}); __sqreen_err != nil { return nil, &PathError{Op: "open", Path: {{p 0}}, Err: __sqreen_err} };`
	fileOp     = `if __sqreen_err := __sqreen_file_v3("{{.Op}}", {{p 0}}, 0); __sqreen_err != nil { return &PathError{Op: "{{.Op}}", Path: {{p 0}}, Err: __sqreen_err} };`
	fileRename = `if __sqreen_err := __sqreen_file_v3("rename", {{p 0}}, 0); __sqreen_err != nil { return &LinkError{Op: "rename", Old: {{p 0}}, New: {{p 1}}, Err: __sqreen_err} }; if __sqreen_err := __sqreen_file_v3("rename", {{p 1}}, 0); __sqreen_err != nil { return &LinkError{Op: "rename", Old: {{p 0}}, New: {{p 1}}, Err: __sqreen_err} };`
	rootOpen   = `if __sqreen_err := __sqreen_file_v3("open", {{p 0}}, {{p 1}}); __sqreen_err != nil { return nil, &PathError{Op: "openat", Path: {{p 0}}, Err: __sqreen_err} };`
	// The sql rows pass the *DB, not its Driver(): the runtime asks it for
	// the driver (the SQL dialect) only when a rule is to run, where
	// calling Driver() in the prologue read two more cold lines of memory
	// on every query (its connector and the driver).
	sqlQuery = `if __sqreen_err := __sqreen_sql_v3({{p 0}}, {{.DB}}, {{p 1}}); __sqreen_err != nil { return nil, __sqreen_err };`
	sqlStmt  = `if __sqreen_err := __sqreen_sql_v3({{p 0}}, {{recv}}.db, {{recv}}.query); __sqreen_err != nil { return nil, __sqreen_err };`
	pgxQuery = `if __sqreen_err := __sqreen_sql_dialect_v3({{p 0}}, "postgresql", {{p 1}}); __sqreen_err != nil { return {{.Zero}}, __sqreen_err };`
)

// Table returns every hook point, in a stable order. The slice is new on
// each call; callers may keep or modify it.
func Table() []Point {
	var t []Point
	add := func(p Point) { t = append(t, p) }

	// File system: os.OpenFile sees every open (Open, Create, ReadFile,
	// WriteFile, ...); the other rows are the operations that do not open.
	add(Point{Name: "file.open", Package: "os", Func: "OpenFile", Decl: fileDecl, Prologue: fileOpen})
	for _, f := range []struct{ fn, op string }{{"Remove", "remove"}, {"RemoveAll", "removeall"}, {"Mkdir", "mkdir"}, {"MkdirAll", "mkdir"}} {
		add(Point{Name: "file." + f.op, Package: "os", Func: f.fn, Decl: fileDecl, Prologue: with(fileOp, "Op", f.op)})
	}
	add(Point{Name: "file.rename", Package: "os", Func: "Rename", Decl: fileDecl, Prologue: fileRename})
	add(Point{Name: "file.open", Package: "os", Recv: "Root", Func: "OpenFile", Decl: fileDecl, Prologue: rootOpen})
	for _, f := range []struct{ fn, op string }{{"Remove", "remove"}, {"RemoveAll", "removeall"}, {"Mkdir", "mkdir"}, {"MkdirAll", "mkdir"}} {
		add(Point{Name: "file." + f.op, Package: "os", Recv: "Root", Func: f.fn, Decl: fileDecl, Prologue: with(fileOp, "Op", f.op)})
	}
	add(Point{Name: "file.rename", Package: "os", Recv: "Root", Func: "Rename", Decl: fileDecl, Prologue: fileRename})

	// Processes: os.StartProcess sees all of os/exec.
	add(Point{Name: "exec", Package: "os", Func: "StartProcess", Decl: execDecl,
		Prologue: `if __sqreen_err := __sqreen_exec_v3({{p 0}}, {{p 1}}); __sqreen_err != nil { return nil, &PathError{Op: "fork/exec", Path: {{p 0}}, Err: __sqreen_err} };`})

	// database/sql: the *Context methods; the others call them.
	for _, r := range []struct{ recv, db string }{{"DB", "{{recv}}"}, {"Conn", "{{recv}}.db"}, {"Tx", "{{recv}}.db"}} {
		for _, fn := range []string{"QueryContext", "ExecContext", "PrepareContext"} {
			add(Point{Name: "sql", Package: "database/sql", Recv: r.recv, Func: fn, Decl: sqlDecl, Prologue: with(sqlQuery, "DB", r.db)})
		}
	}
	for _, fn := range []string{"QueryContext", "ExecContext"} {
		add(Point{Name: "sql", Package: "database/sql", Recv: "Stmt", Func: fn, Decl: sqlDecl, Prologue: sqlStmt})
	}

	// pgx v5 native API: Pool and Tx end in these Conn methods.
	const pgx = "github.com/jackc/pgx/v5"
	add(Point{Name: "sql.pgx", Package: pgx, Recv: "Conn", Func: "Query", Decl: pgxDecl, Prologue: with(pgxQuery, "Zero", "nil")})
	add(Point{Name: "sql.pgx", Package: pgx, Recv: "Conn", Func: "Exec", Decl: pgxDecl, Prologue: with(pgxQuery, "Zero", "pgconn.CommandTag{}")})
	add(Point{Name: "sql.pgx", Package: pgx, Recv: "Conn", Func: "SendBatch", Decl: pgxDecl,
		Prologue: `for _, __sqreen_q := range {{p 1}}.QueuedQueries { if __sqreen_err := __sqreen_sql_dialect_v3({{p 0}}, "postgresql", __sqreen_q.SQL); __sqreen_err != nil { return &batchResults{ctx: {{p 0}}, conn: {{recv}}, err: __sqreen_err, closed: true} } };`})

	// HTTP server entry: every net/http server, so every framework on it.
	// An HTTP/1 writer (*response) hands over net/http's cancel of the
	// request's context, and every request its context field (see
	// httpEnterDecl).
	add(Point{Name: "http.server", Package: "net/http", Recv: "serverHandler", Func: "ServeHTTP", Decl: httpEnterDecl,
		Prologue: `var __sqreen_cancel func(); if __sqreen_rw, __sqreen_ok := {{p 0}}.(*response); __sqreen_ok { __sqreen_cancel = __sqreen_rw.cancelCtx }; if __sqreen_w, __sqreen_end, __sqreen_blocked := __sqreen_http_enter_v3({{p 0}}, {{p 1}}, __sqreen_cancel, &{{p 1}}.ctx); true { if __sqreen_end != nil { defer __sqreen_end() }; if __sqreen_blocked { return }; {{p 0}} = __sqreen_w };`})

	// Security headers of an HTTP/1 response, pre-rendered: written with
	// the header block net/http writes, after its own lines, instead of
	// being added to the header map, which net/http copies, sorts and
	// writes line by line.
	add(Point{Name: "http.header", Package: "net/http", Recv: "chunkWriter", Func: "writeHeader", Decl: httpHeaderDecl,
		Before:   "w.conn.bufw.Write(crlf)",
		Prologue: `__sqreen_http_header_v3({{recv}}.res.req.ctx, {{recv}}.header, {{recv}}.res.conn.bufw);`})

	// Outgoing HTTP: the request, then the address actually dialled.
	add(Point{Name: "http.client", Package: "net/http", Recv: "Transport", Func: "roundTrip", Decl: httpClientDecl,
		Prologue: `if __sqreen_err := __sqreen_http_client_v3({{p 0}}); __sqreen_err != nil { {{p 0}}.closeBody(); return nil, __sqreen_err };`})
	add(Point{Name: "http.dial", Package: "net/http", Recv: "Transport", Func: "dial", Decl: dialDecl, NamedResults: true,
		Prologue: `defer func() { if {{r 1}} == nil && {{r 0}} != nil { if __sqreen_err := __sqreen_dial_v3({{p 0}}, {{p 1}}, {{r 0}}.RemoteAddr().String()); __sqreen_err != nil { {{r 0}}.Close(); {{r 0}}, {{r 1}} = nil, __sqreen_err } } }();`})

	// Templates: html/template executes through text/template's execute,
	// so one row sees Execute and ExecuteTemplate of both packages.
	add(Point{Name: "template", Package: "text/template", Recv: "Template", Func: "execute", Decl: templateDecl, NamedResults: true,
		Prologue: `if __sqreen_w, __sqreen_done := __sqreen_template_begin_v3({{p 0}}, {{recv}}.Name()); __sqreen_done != nil { {{p 0}} = __sqreen_w; defer func() { {{r 0}} = __sqreen_done({{r 0}}) }() };`})
	return t
}

// with pre-fills one row-specific placeholder of a shared prologue.
func with(prologue, key, value string) string {
	return strings.ReplaceAll(prologue, "{{."+key+"}}", value)
}
