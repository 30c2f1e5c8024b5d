package reqctx

import (
	"context"

	"github.com/sqreen-go/sqreen/runtime/internal/gls"
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

// Current returns the request in flight for the caller: the one carried by
// ctx when there is one, else the one of the calling goroutine (see package
// gls), else nil. ctx may be nil.
//
// A finished request (its handler returned) is never current: a goroutine
// that outlives the request it was started by (it inherits it, see package
// gls) is not checked against that request any more, so it cannot be
// blocked, or reported, in the name of a response that is already sent.
func Current(ctx context.Context) *Request {
	var r *Request
	if c, ok := ctx.(*reqContext); ok {
		// The request's own context, as the handler got it and passed
		// it on (r.Context()), the usual case: no call through the
		// interface, whose code was three more lines per query.
		r = c.req
	} else if r = FromContext(ctx); r == nil {
		return OfGoroutine()
	}
	if r.finished() {
		return nil
	}
	return r
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
