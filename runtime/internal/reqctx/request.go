package reqctx

import (
	"context"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/sqreen-go/sqreen/engine/budget"
	"github.com/sqreen-go/sqreen/runtime/internal/gls"
)

// Request is the security context of one HTTP request: what the rules see
// of it, who the user is, and how to stop it.
//
// The fields set by New never change; the user, the parsed body and the
// blocked state are guarded and may be read from any goroutine.
type Request struct {
	Method    string
	Path      string
	RawQuery  string
	Header    http.Header
	UserAgent string

	// clientIP is the client, found on first need (see ClientIP): set
	// once stateClient is. remoteAddr is the TCP peer as the request
	// came in (what the app's middleware may rewrite later, e.g. from a
	// forwarding header, is not the peer), and trusted the proxies whose
	// forwarding headers are believed (nil: none).
	clientIP   netip.Addr
	remoteAddr string
	trusted    *Proxies
	body       *Body
	served     *http.Request // the request the handler gets; ServeMux sets its Pattern
	// One of these cancels ctx: the server's own (Options.Cancel), or
	// the cancel of the context Init derived.
	serverCancel func()
	cancel       context.CancelCauseFunc
	blocker      Blocker
	ctx          reqContext // the context of the request served

	// Exempt is set at entry when the request must not be checked (an
	// allowlisted IP or path).
	Exempt bool
	// TLS: the client reached the app over TLS. The bools are kept
	// together so that they share one word: Request is allocated with the
	// agent's other per-request state, and its size counts on every
	// request (see the agent's TestEntryFitsSizeClass).
	TLS       bool
	queryDone bool
	bodyDone  bool

	// state holds stateFinished, set once the handler returned (see
	// Current), stateServerCancels, set by Init when cancel is the
	// server's own (Options.Cancel; see Release), and stateClient (see
	// ClientIP). One word for all: the agent's per-request state has
	// few bytes to spare in its size class (see TLS).
	state atomic.Uint32

	mu    sync.Mutex
	user  string
	query url.Values
	// view is what the rules see of the request (see View), out of date
	// when viewStale is set. Both are written under mu and read without
	// it: every check of the request reads the view, and the lock pair it
	// took was 14 ns of a 300 ns SQL check (hooks'
	// BenchmarkSQLInFlight10Inputs).
	view atomic.Value

	// Budget is the time left for this request's checks, shared by the
	// WAF and every RASP hook (pass &Budget). It is kept in the Request to
	// spare an allocation per request.
	Budget budget.Budget

	blocked   atomic.Pointer[BlockError]
	userHost  atomic.Int32 // outgoing requests to user-chosen hosts not yet dialled
	viewStale atomic.Bool  // in the padding after userHost; see view
}

// Blocker writes the block response of a request; the response writer of
// the request implements it.
type Blocker interface {
	// Block writes the block response for err once and drops all later
	// writes of the handler. It reports whether the response could still
	// be replaced (false when the handler had already sent its headers).
	Block(err *BlockError) bool
}

// Options configure New.
type Options struct {
	// Trusted are the proxies whose forwarding headers are believed (nil:
	// none). The Request keeps the pointer: the proxies must not change.
	Trusted   *Proxies
	BodyLimit int           // bytes of body kept for inspection; 0 means DefaultBodyLimit
	Budget    time.Duration // time budget of the request's checks; <= 0 unlimited

	// Cancel is the server's own cancel of r's context, which the server
	// calls once the handler has returned: net/http's for an HTTP/1
	// request (its entry hook hands it over). Block cancels the request
	// with it, and Init derives no context of its own, which spares the
	// allocations of context.WithCancelCause on every request (the
	// context, its cancel func, the server's context's map of children).
	// The cause of the cancellation is then context.Canceled, not the
	// block error. Nil: Init derives the context with
	// context.WithCancelCause.
	Cancel func()

	// Context, when set, is r's own context field: r is the server's
	// request, which no handler has seen yet (net/http's entry hook hands
	// it over), and Init sets the request context on r itself, through
	// Context, and wraps r's Body in place, instead of serving a shallow
	// copy of r (http.Request.WithContext copies the whole Request, a
	// 320-byte allocation, on every request). Init then returns r.
	Context *context.Context
}

// Current, OfGoroutine, Init and Release, what every request runs of
// the package, are kept together, so that they share a page of code (the
// linker lays a package's functions out in source order; see
// bench/footprint -pages).

// Current returns the request in flight for the caller: the one carried by
// ctx when there is one, else the one of the calling goroutine (see package
// gls), else nil. ctx may be nil.
//
// A finished request (its handler returned) is never current: a goroutine
// that outlives the request it was started by (it inherits it, see package
// gls) is not checked against that request any more, so it cannot be
// blocked, or reported, in the name of a response that is already sent.
func Current(ctx context.Context) *Request {
	// The request's own context, as the handler got it and passed it on
	// (r.Context()), is the usual case: Served (inlined) finds it with no
	// call through the interface, whose code was three more lines per
	// query.
	r := Served(ctx)
	if r == nil {
		if r = FromContext(ctx); r == nil {
			return OfGoroutine()
		}
	}
	if r.finished() {
		return nil
	}
	return r
}

// Served returns the request whose context ctx is, the one Init set on
// the server's request (Options.Context), or nil: no lookup through ctx's
// chain, for net/http's own code, which holds that field.
func Served(ctx context.Context) *Request {
	if c, ok := ctx.(*reqContext); ok {
		return c.req
	}
	return nil
}

// OfGoroutine is Current(nil): the request of the calling goroutine, or
// nil. Small enough to be inlined into the hooks that have no context
// (templates, exec, files), where a call of its own ran two more cache
// lines of code per request.
func OfGoroutine() *Request {
	r, _ := gls.Get().(*Request)
	if r == nil || r.finished() {
		return nil
	}
	return r
}

// New returns the security context of r, the request it must be served
// with from now on (its Body wrapped for inspection and its context
// carrying the Request and cancelled when the request is blocked, see
// Options.Cancel), and the function that releases it. blocker writes the
// block response; it may be nil.
func New(r *http.Request, blocker Blocker, opts Options) (*Request, *http.Request, func()) {
	req := new(Request)
	r2 := req.Init(r, blocker, opts)
	return req, r2, req.Release
}

// Init is New for a Request the caller allocated (zero, and never used
// before), so that the agent can allocate it with its other per-request
// state: it returns the request to serve; Release releases it.
func (req *Request) Init(r *http.Request, blocker Blocker, opts Options) *http.Request {
	ctx := r.Context()
	if opts.Cancel != nil {
		// Kept as it is (serverCancel, below): no allocation (a closure
		// adapting it to cancel's type was one per request), none of
		// what WithCancelCause allocates either.
		req.state.Store(stateServerCancels)
	} else {
		ctx = req.deriveContext(ctx)
	}
	// What the fields get is read first, then stored in one run: req is
	// zero and on the heap, and stores of pointers in a row share one
	// test of the write barrier (each store after a load or a call had
	// its own, with its code beside). Field by field, not
	// *req = Request{...}: a whole struct copy runs write barriers over
	// every pointer slot while the GC marks.
	method, path, rawQuery, header, remote := r.Method, r.URL.Path, r.URL.RawQuery, r.Header, r.RemoteAddr
	ua := HeaderValue(header, "User-Agent")
	r2 := r
	if opts.Context == nil {
		r2 = withContext(r, &req.ctx)
	}
	req.Method = method
	req.Path = path
	req.RawQuery = rawQuery
	req.Header = header
	req.UserAgent = ua
	req.remoteAddr = remote
	req.blocker = blocker
	req.trusted = opts.Trusted
	req.serverCancel = opts.Cancel
	req.ctx = reqContext{Context: ctx, req: req}
	req.served = r2
	req.TLS = r.TLS != nil
	req.Budget.Init(opts.Budget)
	if opts.Context != nil {
		*opts.Context = &req.ctx
	}
	if !req.TLS && (len(r.Header["X-Forwarded-Proto"]) > 0 || len(r.Header["Forwarded"]) > 0) {
		// A proxy may say the client used TLS, if it is trusted: the
		// peer is parsed now. Otherwise the client is found on first
		// need, which most requests never have (see ClientIP).
		req.TLS = req.resolveClient().HTTPS
	}
	if hasBody(r.Body) {
		req.wrapBody(r, r2, opts.BodyLimit)
	}
	return r2
}

// Release marks the request finished (see Current) and cancels its
// context: the end of the request. With the server's cancel
// (Options.Cancel) the context is left to the server, which cancels it
// as soon as the handler has returned (net/http does, panic or not):
// cancelling it here too would only run the same work earlier, under
// sqreen's frames.
func (req *Request) Release() {
	if req.state.Or(stateFinished)&stateServerCancels == 0 {
		req.cancel(context.Canceled)
	}
}

// hasBody reports whether b is a body: neither nil nor http.NoBody, which
// net/http's server sets on every request without one. It compares b's
// type word with NoBody's, which is the comparison with NoBody:
// NoBody's type has no fields, so every value of it is NoBody. b !=
// http.NoBody called the runtime's ifaceeq for that on every GET, 5 lines
// of code and data (bench/footprint -inclusive).
func hasBody(b io.ReadCloser) bool { return b != nil && typeWord(b) != noBodyType }

// noBodyType is the type word of http.NoBody as an io.ReadCloser.
var noBodyType = typeWord(http.NoBody)

// typeWord is the first word of b: the address of the runtime's record
// of b's dynamic type as an io.ReadCloser, one per type.
func typeWord(b io.ReadCloser) unsafe.Pointer { return (*[2]unsafe.Pointer)(unsafe.Pointer(&b))[0] }

// What Init does only for some requests is in functions of their own, not
// inlined: Init's code for every request is then contiguous (inlined, the
// rest lay between its pieces, and a request ran some 20 lines of code
// for its 190 instructions; see bench/footprint).

// deriveContext makes req's cancellable context from ctx and returns it.
//
//go:noinline
func (req *Request) deriveContext(ctx context.Context) context.Context {
	ctx, req.cancel = context.WithCancelCause(ctx)
	return ctx
}

// withContext is r.WithContext(ctx).
//
//go:noinline
func withContext(r *http.Request, ctx context.Context) *http.Request { return r.WithContext(ctx) }

// wrapBody wraps the body of r, served as r2, for inspection.
//
//go:noinline
func (req *Request) wrapBody(r, r2 *http.Request, limit int) {
	req.body = NewBody(r.Body, limit)
	req.body.contentType = HeaderValue(r.Header, "Content-Type")
	r2.Body = req.body
}

// HeaderValue is h.Get(key) for a key already in canonical form, as
// net/http keys the headers it reads: it skips the key's canonicalization
// (request entry reads a few headers on every request).
func HeaderValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Blocker returns the blocker Init was given: the request's response
// writer, which writes its block page.
func (r *Request) Blocker() Blocker { return r.blocker }

// Host returns the Host of the request the handler got.
func (r *Request) Host() string {
	if r.served == nil {
		return ""
	}
	return r.served.Host
}

// ClientIP returns the address of the client (see the function ClientIP,
// with the trusted proxies of Options), found on first call: parsing the
// peer's address and reading the forwarding headers behind a trusted proxy
// took a third of the request entry's time, and most requests never need
// it (IP lists, rules that read it, events and 404 counts do). The peer
// is the one the request came from, whatever the app's middleware wrote
// in RemoteAddr since. Safe for concurrent use.
func (r *Request) ClientIP() netip.Addr {
	if r.state.Load()&stateClient == 0 {
		r.resolveClient()
	}
	return r.clientIP
}

// ClientIPText returns ClientIP as text, as netip.Addr.String writes it
// ("" for the invalid address). When the client is the TCP peer, written
// in that form in RemoteAddr (the usual case), the text is a part of
// RemoteAddr and costs no allocation.
func (r *Request) ClientIPText() string {
	ip := r.ClientIP()
	if !ip.IsValid() {
		return ""
	}
	if t := peerText(ip, r.remoteAddr); t != "" {
		return t
	}
	return ip.String()
}

// resolveClient finds the client, once, and returns it.
func (r *Request) resolveClient() Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state.Load()&stateClient != 0 {
		return Client{IP: r.clientIP, HTTPS: r.TLS}
	}
	var trusted Proxies
	if r.trusted != nil {
		trusted = *r.trusted
	}
	c := newClient(r.remoteAddr, r.Header, r.TLS, trusted)
	r.clientIP = c.IP
	r.state.Or(stateClient) // after the field: ClientIP reads it after the bit
	return c
}

// The bits of Request.state.
const (
	stateFinished = 1 << iota
	stateServerCancels
	stateClient // clientIP is set (see ClientIP)
)

// finished reports whether the request's handler returned (Release).
func (req *Request) finished() bool { return req.state.Load()&stateFinished != 0 }

// Query returns the parsed query string (what parses of it), parsed on
// first use. It must not be modified.
func (r *Request) Query() url.Values {
	if r.RawQuery == "" {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.queryDone {
		r.query, _ = url.ParseQuery(r.RawQuery)
		r.queryDone = true
	}
	return r.query
}

// Route returns the ServeMux pattern that matched the request (e.g.
// "GET /items/{id}"), or "" before routing or without a ServeMux. It is
// read from the request the handler got, which the mux updates in place,
// so call it from the goroutine serving the request or one it started
// after routing.
func (r *Request) Route() string {
	if r.served == nil {
		return ""
	}
	return r.served.Pattern
}

// User returns the user identified for this request, or "".
func (r *Request) User() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.user
}

// SetUser records the user the app identified for this request.
func (r *Request) SetUser(user string) {
	r.mu.Lock()
	r.user = user
	r.viewStale.Store(true) // rebuilt with the user
	r.mu.Unlock()
}

// View returns the value build made of the request, calling build on
// first use (and again after SetUser or ResetView). The agent keeps what its rules see
// of the request there, so it is built once per request. build must
// return values of one type (see atomic.Value); nil is not kept.
func (r *Request) View(build func(r *Request, user string) any) any {
	if v := r.currentView(); v != nil {
		return v
	}
	r.mu.Lock()
	v, user := r.currentView(), r.user
	r.mu.Unlock()
	if v != nil {
		return v
	}
	v = build(r, user) // unlocked: build may call Body
	if v == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur := r.currentView(); cur != nil {
		return cur
	}
	r.view.Store(v)
	r.viewStale.Store(false)
	return v
}

// currentView returns the view View built, or nil when there is none or
// it is out of date.
func (r *Request) currentView() any {
	if r.viewStale.Load() {
		return nil
	}
	return r.view.Load()
}

// ResetView drops the value View built, so the next call rebuilds it.
func (r *Request) ResetView() {
	r.mu.Lock()
	r.viewStale.Store(true)
	r.mu.Unlock()
}

// HasBody reports whether the request has a body that Body may parse.
func (r *Request) HasBody() bool { return r.body != nil }

// Body returns the parsed body (see Body.Parse), parsing it on first use.
// The handler still reads the whole body afterwards.
func (r *Request) Body() (any, error) {
	if r.body == nil {
		return nil, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.bodyDone {
		r.body.value, r.body.parseErr = r.body.Parse(r.body.contentType)
		r.bodyDone = true
		r.viewStale.Store(true) // rebuilt with the body
	}
	return r.body.value, r.body.parseErr
}

// ParsedBody returns the body Body parsed, and false when Body has not
// run yet (it never parses; see Body).
func (r *Request) ParsedBody() (any, bool) {
	if r.body == nil {
		return nil, false // inlined: most requests have no body
	}
	return r.parsedBody()
}

func (r *Request) parsedBody() (any, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.body.value, r.bodyDone
}

// Block stops the request because of err: the block response is written
// (once; later calls keep the first error) and the request's context is
// cancelled, so that the calls still running for it (a database query, an
// outgoing request) stop. It returns the error that stopped the request.
//
// The context's cause (context.Cause) is err when Init derived the
// context; when the server's own cancel was used (Options.Cancel: every
// HTTP/1 request of an instrumented net/http server) it is
// context.Canceled, like any cancellation by the server. Blocked, or
// sqreen.FromContext(ctx).Blocked() in the app, tells why.
func (r *Request) Block(err *BlockError) *BlockError {
	if !r.blocked.CompareAndSwap(nil, err) {
		return r.blocked.Load()
	}
	if r.blocker != nil {
		err.Replaced = r.blocker.Block(err)
	}
	r.cancelWith(err)
	return err
}

// cancelWith cancels the request's context, with err as its cause when
// Init derived it.
func (r *Request) cancelWith(err error) {
	if r.serverCancel != nil {
		r.serverCancel()
		return
	}
	r.cancel(err)
}

// MarkBlocked records that the response writer itself blocked the request
// (its response check) and cancels the request's context as Block does,
// without asking the Blocker to write. It reports whether err is the error
// that stopped the request (false when it was stopped already).
func (r *Request) MarkBlocked(err *BlockError) bool {
	if !r.blocked.CompareAndSwap(nil, err) {
		return false
	}
	err.Replaced = true
	r.cancelWith(err)
	return true
}

// Blocked returns the error that stopped the request, or nil.
func (r *Request) Blocked() *BlockError { return r.blocked.Load() }

// MarkUserHost records that an outgoing request of this request goes to
// a host taken from its inputs: the next dial is checked (see TakeUserHost).
func (r *Request) MarkUserHost() { r.userHost.Add(1) }

// TakeUserHost consumes one MarkUserHost and reports whether there was
// one. The dial hook sees only the address dialled, not the host name, so
// it attributes each dial to the oldest outgoing request to a user-chosen
// host not yet dialled; the app's own outgoing requests that come after
// it are not checked.
func (r *Request) TakeUserHost() bool {
	for {
		n := r.userHost.Load()
		if n <= 0 {
			return false
		}
		if r.userHost.CompareAndSwap(n, n-1) {
			return true
		}
	}
}
