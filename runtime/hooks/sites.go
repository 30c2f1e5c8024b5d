package hooks

import (
	_ "unsafe" // for go:linkname

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
)

// Site is one instrumented place of the program: the hook point, the
// package and function sqreen-build rewrote, and the function's position
// in its original source. It is what "sqreen-build report" lists and what
// the agent sends to the platform at login.
type Site = agent.Site

// Sites returns the sites instrumented in this program, sorted by package,
// file and line; none in a plain build. The error names a malformed entry
// (a sqreen-build and runtime skew); the other sites are still returned.
func Sites() ([]Site, error) { return agent.Sites() }

// RegisterSitesV3 is called once per instrumented package, from an init
// function sqreen-build adds to it, with the package's import path and
// its sites, one line each: hook point, function, file name and line,
// separated by tabs. The table is a string constant of the package; it is
// parsed only when the inventory is read (at login), so instrumentation
// costs nothing per request. It may run before this package is
// initialized.
func RegisterSitesV3(pkg, table string) { agent.RegisterSites(pkg, table) }

// The declarations sqreen-build adds, body-less, next to each instrumented
// package's init; one push linkname per package of the hook table.

//go:linkname osSitesV3 os.__sqreen_sites_v3
func osSitesV3(pkg, table string) { RegisterSitesV3(pkg, table) }

//go:linkname sqlSitesV3 database/sql.__sqreen_sites_v3
func sqlSitesV3(pkg, table string) { RegisterSitesV3(pkg, table) }

//go:linkname pgxSitesV3 github.com/jackc/pgx/v5.__sqreen_sites_v3
func pgxSitesV3(pkg, table string) { RegisterSitesV3(pkg, table) }

//go:linkname httpSitesV3 net/http.__sqreen_sites_v3
func httpSitesV3(pkg, table string) { RegisterSitesV3(pkg, table) }

//go:linkname templateSitesV3 text/template.__sqreen_sites_v3
func templateSitesV3(pkg, table string) { RegisterSitesV3(pkg, table) }

// RegisterIgnoredV3 is called from an init function sqreen-build adds to a
// user package whose code holds //sqreen:ignore directives, with the
// package's path as the compiler knows it ("main" for a command) and the
// ignored line ranges, one line each: file name, first and last line,
// separated by tabs. A sink check whose calling goroutine has a frame in
// one of these ranges lets the call go on and reports nothing. The user
// package reaches this function by a pull //go:linkname (it cannot import
// us). It may run before this package is initialized.
func RegisterIgnoredV3(pkg, table string) { agent.RegisterIgnored(pkg, table) }
