// Package respond wraps the http.ResponseWriter of a protected request.
//
// The Writer adds the security headers of the current policy (never
// replacing a header the app set), writes the block page when the request
// is blocked, and drops what the handler writes afterwards. It defers the
// handler's WriteHeader until the first byte of body (or a Flush), so a
// block decided after WriteHeader but before any output still replaces the
// handler's response. When the handler has already sent output, a block
// cannot replace it: later writes are dropped and the request's context is
// cancelled.
//
// Short writes of the body (a template's pieces of text and values) are
// gathered and passed on in blocks, in the same order, at the latest when
// the handler flushes, hijacks, copies from a file or returns: the
// client sees the same bytes, and net/http frames the response as it
// would have (a short page still gets its Content-Length).
//
// The Writer keeps http.Flusher, http.Hijacker and io.ReaderFrom working,
// and http.ResponseController reaches the original writer through Unwrap.
// It implements all three whatever the wrapped writer supports; Flush is a
// no-op and Hijack returns http.ErrNotSupported when the wrapped writer
// cannot do them.
package respond
