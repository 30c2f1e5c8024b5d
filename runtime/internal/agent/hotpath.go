package agent

import (
	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/gls"
	"github.com/sqreen-go/sqreen/runtime/internal/prefetch"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

// pageCode is the code a protected request runs, in the common case,
// from its template on: the template's pre-check, the Writer's writes,
// the security headers, the end of the request (see PrefetchPage). Set
// by init and by the hooks' init (AddPageCode): read-only once main
// runs.
var pageCode prefetch.Code

func init() {
	pageCode.Add(reqctx.PageCode()...)
	pageCode.Add((*Agent).CheckTemplate)
	pageCode.Add(rules.RawInputCode()...)
	pageCode.Add(xssInput)
	pageCode.Add(respond.WriteCode()...)
	pageCode.Add(endServer, gls.Get, finish)
	pageCode.Add(reqctx.EndCode()...)
}

// AddPageCode adds fns (function values) to the code PrefetchPage loads.
// Call it from an init function only.
func AddPageCode(fns ...any) { pageCode.Add(fns...) }

// PrefetchPage asks the CPU to load, all at once and without waiting for
// it, the code the rest of a request runs once its page is rendered: the
// template hook calls it first thing when a request is in flight. With
// nothing of it cached, as between two requests of a real app, that code
// was fetched line after line as the request reached it; asked for
// together, the lines come while the template runs (BenchmarkRequestCold
// /dram: the page's added time 3.9 -> 3.0 us, the end's 0.4 -> 0.2). At
// the entry, the same for the entry's own code made it slower: its
// fetches queued ahead of the entry's own misses, with nothing of the
// app's to overlap them.
func PrefetchPage() { pageCode.Fetch() }
