package reqctx

import (
	"context"
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
