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
// The Writer keeps http.Flusher, http.Hijacker and io.ReaderFrom working,
// and http.ResponseController reaches the original writer through Unwrap.
// It implements all three whatever the wrapped writer supports; Flush is a
// no-op and Hijack returns http.ErrNotSupported when the wrapped writer
// cannot do them.
package respond
