package reqctx

import (
	"context"
	"sync/atomic"
	"unsafe"
)

type ctxKey struct{}

// NewContext returns ctx carrying req.
func NewContext(ctx context.Context, req *Request) context.Context {
	return &reqContext{Context: ctx, req: req}
}

// reqContext is a context carrying a Request: context.WithValue's, held
// in the Request itself so that it costs no allocation of its own.
type reqContext struct {
	context.Context
	req *Request
	// done is the channel of Context.Done once a call returned one (the
	// same on every call, as the context contract says), accessed
	// atomically: a database driver asks for it on every row it steps
	// through, modernc.org/sqlite twice per row and from a goroutine of
	// its own per query. Each call then ran two calls through interfaces,
	// this context's and the one it wraps (BenchmarkDone: 6.6 ns against
	// 4.5 for the server's context itself; in a perf profile of
	// bench/app, 0.6 us per request).
	done unsafe.Pointer
}

// Done returns the channel of the context it wraps, cached.
func (c *reqContext) Done() <-chan struct{} {
	if d := atomic.LoadPointer(&c.done); d != nil {
		return *(*chan struct{})(unsafe.Pointer(&d))
	}
	return c.loadDone()
}

// loadDone asks the wrapped context for its channel and keeps it when
// there is one (a context never cancelled, such as Background, has none).
//
//go:noinline
func (c *reqContext) loadDone() <-chan struct{} {
	d := c.Context.Done()
	if d != nil {
		atomic.StorePointer(&c.done, *(*unsafe.Pointer)(unsafe.Pointer(&d)))
	}
	return d
}

func (c *reqContext) Value(key any) any {
	if key == (ctxKey{}) {
		return c.req
	}
	return c.Context.Value(key)
}

func (c *reqContext) String() string { return "sqreen request context" }

// FromContext returns the request carried by ctx, or nil.
func FromContext(ctx context.Context) *Request {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(ctxKey{}).(*Request)
	return r
}
