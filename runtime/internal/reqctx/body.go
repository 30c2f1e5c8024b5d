package reqctx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"sync"
)

// DefaultBodyLimit is how many bytes of a request body are kept for the
// rules when no other limit is configured.
const DefaultBodyLimit = 64 << 10

// ErrBodyTooLarge is returned by Parse when the body is larger than the
// limit: it is not inspected (a truncated JSON document does not parse).
var ErrBodyTooLarge = errors.New("request body larger than the inspection limit")

// Body wraps a request body so that its first bytes can be inspected
// without taking them from the handler.
//
// The handler reads through Body as it would through the original: it gets
// every byte, in order. Body keeps a copy of the first limit bytes it
// delivers. Peek, called by a hook before the handler has read everything,
// reads ahead up to the limit and keeps what it read pending for the
// handler. Body is safe for concurrent use.
type Body struct {
	mu       sync.Mutex
	rc       io.ReadCloser
	limit    int
	kept     []byte // the first bytes of the body, up to limit
	pending  []byte // read ahead by Peek, not yet delivered to the handler
	eof      bool   // rc returned io.EOF
	overflow bool   // more than limit bytes were read from rc
	err      error  // first read error other than EOF

	// The request's Content-Type and what Request.Body parsed with it
	// (guarded by the Request's mu, not by mu): kept here rather than in
	// Request, whose size counts on every request, while few requests
	// have a body.
	contentType string
	value       any
	parseErr    error
}

// NewBody wraps rc, keeping up to limit bytes.
func NewBody(rc io.ReadCloser, limit int) *Body {
	if limit <= 0 {
		limit = DefaultBodyLimit
	}
	return &Body{rc: rc, limit: limit}
}

// Read implements io.Reader for the handler.
func (b *Body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) > 0 {
		n := copy(p, b.pending)
		b.pending = b.pending[n:]
		return n, nil
	}
	if b.eof {
		return 0, io.EOF
	}
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.rc.Read(p)
	b.keep(p[:n])
	b.note(err)
	return n, err
}

// Close closes the original body.
func (b *Body) Close() error { return b.rc.Close() }

func (b *Body) keep(p []byte) {
	room := b.limit - len(b.kept)
	if len(p) > room {
		b.overflow = true
		p = p[:room]
	}
	b.kept = append(b.kept, p...)
}

func (b *Body) note(err error) {
	switch {
	case err == io.EOF:
		b.eof = true
	case err != nil && b.err == nil:
		b.err = err
	}
}

// Peek returns the first bytes of the body, reading ahead if needed, and
// whether they are the whole body.
func (b *Body) Peek() ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var buf [4096]byte
	for !b.overflow && !b.eof && b.err == nil {
		want := min(len(buf), b.limit-len(b.kept)+1) // one more byte tells overflow
		n, err := b.rc.Read(buf[:want])
		b.pending = append(b.pending, buf[:n]...)
		b.keep(buf[:n])
		b.note(err)
	}
	return b.kept, b.eof && !b.overflow
}

// Parse decodes the body according to its media type: a JSON document
// (application/json, anything+json) as any, a form
// (application/x-www-form-urlencoded) as url.Values, a multipart form
// (multipart/form-data) as url.Values too (see parseMultipart). Other
// media types yield nil and no error.
func (b *Body) Parse(contentType string) (any, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, nil
	}
	if mt == "multipart/form-data" {
		data, complete := b.Peek()
		return parseMultipart(data, params["boundary"], complete)
	}
	isJSON := mt == "application/json" || len(mt) > 5 && mt[len(mt)-5:] == "+json"
	isForm := mt == "application/x-www-form-urlencoded"
	if !isJSON && !isForm {
		return nil, nil
	}
	data, complete := b.Peek()
	if !complete {
		if err := b.readErr(); err != nil {
			return nil, fmt.Errorf("reading request body: %w", err)
		}
		return nil, ErrBodyTooLarge
	}
	if isForm {
		v, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, fmt.Errorf("parsing form body: %w", err)
		}
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("parsing JSON body: %w", err)
	}
	return v, nil
}

func (b *Body) readErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}
