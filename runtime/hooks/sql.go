package hooks

import (
	"context"
	sqldriver "database/sql/driver"
	"reflect"
	"strings"
	"sync"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/gls"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// The hooks are split in two so that the no-op test (one atomic load and
// a branch) inlines into the exported function and its caller.

// constant is gls.Constant: whether a sink's text is a string constant of
// the program, which no request input can have reached. Most apps'
// queries are (placeholders, no concatenation): their checks come down
// to that test. Always false in a plain build, and so in this package's
// tests unless they mark where their constants lie (gls.MarkReadOnly).
// Inlined into the hooks: a function variable in its place, the tests'
// seam before, was a call and two more lines of code per query.
func constant(s string) bool { return gls.Constant(s) }

func sqlDialectHook(ctx context.Context, dialect, query string) error {
	if !agent.InFlight() {
		return nil
	}
	return sqlDialectSlow(ctx, dialect, query)
}

func sqlDialectSlow(ctx context.Context, dialect, query string) error {
	a, req := agent.Current(), reqctx.Current(ctx)
	if a == nil || req == nil || !a.Has(rules.SQL) {
		return nil
	}
	if constant(query) && a.ConstantUnmatched(agent.SinkSQL, req) {
		return nil
	}
	return sqlCheck(a, req, nil, dialect, query)
}

// sqlCheck runs the sql rules for req, which its callers have checked
// exist (a and req non-nil, a has sql rules). The dialect is dialect, or
// when "" the one of driver's package, looked up only when a rule is to
// run: most queries are dismissed first (see agent.Unmatched), with an
// input on the stack that holds the query alone.
func sqlCheck(a *agent.Agent, req *reqctx.Request, driver any, dialect, query string) error {
	sink := rules.SQLSink{Query: query}
	if a.Unmatched(rules.SQL, req, &rules.Input{SQL: &sink}) {
		return nil
	}
	if dialect == "" {
		dialect = dialectOf(driver)
	}
	in, _ := sqlInputs.Get().(*sqlInput)
	if in == nil {
		in = new(sqlInput)
	}
	in.sql = rules.SQLSink{Query: query, Dialect: dialect}
	in.in = rules.Input{SQL: &in.sql}
	err := a.Check(rules.SQL, req, &in.in)
	*in = sqlInput{} // keep neither the query nor the request alive
	sqlInputs.Put(in)
	return err
}

// sqlInput is the rules' input of a sql check and its sink, allocated at
// once and reused (sqlInputs): Check keeps no pointer to its input once it
// returns (matches and events copy strings), and the input escapes to the
// heap (the rules' expression VM gets a heap copy of the evaluation state),
// so without the pool every query of a request allocated one.
type sqlInput struct {
	in  rules.Input
	sql rules.SQLSink
}

var sqlInputs sync.Pool // *sqlInput

// sqlDrivers maps the package path of a driver's type to its SQL dialect.
// A path matches when it equals an entry or starts with it and "/".
var sqlDrivers = [...]struct{ pkg, dialect string }{
	{"github.com/lib/pq", "postgresql"},
	{"github.com/jackc/pgx", "postgresql"}, // pgx v4/v5, stdlib and native
	{"github.com/jackc/pgx/v4", "postgresql"},
	{"github.com/jackc/pgx/v5", "postgresql"},
	{"github.com/go-sql-driver/mysql", "mysql"},
	{"modernc.org/sqlite", "sqlite"},
	{"github.com/mattn/go-sqlite3", "sqlite"},
	{"github.com/glebarez/go-sqlite", "sqlite"},
	{"github.com/ncruces/go-sqlite3", "sqlite"},
}

// dialects caches the dialect of each driver type seen.
var dialects sync.Map // reflect.Type -> string

// dialectOf returns the SQL dialect of a database/sql driver, of the
// *sql.DB that has it (what database/sql's hook points pass, so that a
// query that runs no rule never reads the driver), or of a native client
// value: "postgresql", "mysql", "sqlite" or "generic".
func dialectOf(driver any) string {
	driver = driverOf(driver)
	if driver == nil {
		return "generic"
	}
	t := reflect.TypeOf(driver)
	if d, ok := dialects.Load(t); ok {
		return d.(string)
	}
	d := dialectOfPackage(pkgPath(t))
	dialects.Store(t, d)
	return d
}

// driverOf returns v's driver when v is a *sql.DB, else v.
func driverOf(v any) any {
	if db, ok := v.(driverOwner); ok {
		return db.Driver()
	}
	return v
}

// driverOwner is a *sql.DB (or a wrapper of one with the same method):
// its dialect is its driver's, never the type's own.
type driverOwner interface{ Driver() sqldriver.Driver }

func pkgPath(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath()
}

func dialectOfPackage(pkg string) string {
	for _, d := range sqlDrivers {
		if pkg == d.pkg || strings.HasPrefix(pkg, d.pkg+"/") {
			return d.dialect
		}
	}
	return "generic"
}
