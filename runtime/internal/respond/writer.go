package respond

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// Writer is the response writer handed to a protected handler.
type Writer struct {
	w       http.ResponseWriter
	headers *Headers // may be nil
	page    *Page    // may be nil: DefaultPage
	accept  string

	mu       sync.Mutex
	status   int  // status asked by the handler, not yet sent
	sent     bool // headers sent to w
	blocked  bool
	hijacked bool
	finished bool // the handler returned: the writer must not be used

	// flags holds flagOpen and flagTLS. flagOpen is set once the headers
	// are sent, while the response is neither blocked nor hijacked: Write
	// then goes straight to w without taking mu (templates write a page in
	// many small pieces); it is cleared, under mu, by whatever stops the
	// response. flagTLS never changes after Init; it shares the word so
	// that the Writer has no padding (it is allocated with the agent's
	// per-request state, whose size counts on every request).
	flags atomic.Uint32

	// inspect, when set, sees the status and headers before they are
	// sent and returns true to send the block page instead.
	inspect func(status int, h http.Header) bool

	// hvals backs the values of the security headers the Writer adds (see
	// Headers.apply): five fit the default policy on HTTPS, so a response
	// costs no allocation for them.
	hvals [5]string
}

const (
	flagOpen = 1 << iota
	flagTLS
)

// open reports whether flagOpen is set.
func (w *Writer) open() bool { return w.flags.Load()&flagOpen != 0 }

// tls reports whether the request came over TLS.
func (w *Writer) tls() bool { return w.flags.Load()&flagTLS != 0 }

// SetInspector makes f see every response's status and headers before
// they are sent; when f returns true the block page is sent instead and
// the handler's output is dropped. f must not use the Writer. Call it
// before the handler runs.
func (w *Writer) SetInspector(f func(status int, h http.Header) bool) { w.inspect = f }

// NewWriter wraps w for a request served over TLS or not, whose Accept
// header is accept. headers and page may be nil.
func NewWriter(w http.ResponseWriter, tls bool, accept string, headers *Headers, page *Page) *Writer {
	rw := new(Writer)
	rw.Init(w, tls, accept, headers, page)
	return rw
}

// Init is NewWriter for a Writer the caller allocated (zero, and never
// used before), so that the agent can allocate it with its other
// per-request state.
func (w *Writer) Init(rw http.ResponseWriter, tls bool, accept string, headers *Headers, page *Page) {
	w.w, w.accept, w.headers, w.page = rw, accept, headers, page
	if tls {
		w.flags.Store(flagTLS)
	}
}

var _ interface {
	http.ResponseWriter
	http.Flusher
	http.Hijacker
	http.Pusher
	io.ReaderFrom
	io.StringWriter
	reqctx.Blocker
} = (*Writer)(nil)

// Header returns the header map of the wrapped writer.
func (w *Writer) Header() http.Header { return w.w.Header() }

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *Writer) Unwrap() http.ResponseWriter { return w.w }

// WriteHeader records the status; it is sent with the first byte of body,
// a Flush, or Finish. Informational (1xx) statuses are sent at once.
func (w *Writer) WriteHeader(code int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.blocked || w.sent || w.hijacked {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		w.w.WriteHeader(code)
		return
	}
	if w.status == 0 {
		w.status = code
	}
}

// sendLocked sends the recorded status and the security headers, unless
// the inspector blocks the response: then it sends the block page and
// reports false, and the caller drops the handler's output.
func (w *Writer) sendLocked() bool {
	if w.sent {
		return !w.blocked
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.inspect != nil && w.inspect(w.status, w.w.Header()) {
		w.writePageLocked()
		return false
	}
	w.sent = true
	if w.headers != nil {
		w.headers.apply(w.w.Header(), w.tls(), w.hvals[:0])
	}
	w.w.WriteHeader(w.status)
	w.flags.Or(flagOpen)
	return true
}

// admit decides, under mu, what becomes of a write of the handler's that
// the fast path (open) did not pass on: it sends the headers if they are
// not sent yet and reports whether the write goes on to the wrapped
// writer; when it does not, err is http.ErrHijacked after a hijack, and
// nil when the request is blocked (the write is dropped: the block page
// is the response).
func (w *Writer) admit() (pass bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.hijacked {
		return false, http.ErrHijacked
	}
	return !w.blocked && w.sendLocked(), nil
}

// dropped is what a write of n bytes that admit did not pass returns.
func dropped(n int, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Write writes p, or drops it once the request is blocked.
func (w *Writer) Write(p []byte) (int, error) {
	if !w.open() {
		if pass, err := w.admit(); !pass {
			return dropped(len(p), err)
		}
	}
	return w.w.Write(p)
}

// WriteString is Write for a string, passed on as a string (see
// io.WriteString): without it, io.WriteString and the packages that use
// it would copy s into a new []byte on every call, an allocation the
// handler does not pay on net/http's own writer.
func (w *Writer) WriteString(s string) (int, error) {
	if !w.open() {
		if pass, err := w.admit(); !pass {
			return dropped(len(s), err)
		}
	}
	return io.WriteString(w.w, s)
}

// ReadFrom copies from r with the wrapped writer's ReadFrom when it has
// one (sendfile), or drains r once the request is blocked.
func (w *Writer) ReadFrom(r io.Reader) (int64, error) {
	if pass, err := w.admit(); !pass {
		if err != nil {
			return 0, err
		}
		return io.Copy(io.Discard, r)
	}
	if rf, ok := w.w.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w.w}, r)
}

// writerOnly hides ReadFrom so io.Copy does not loop back.
type writerOnly struct{ io.Writer }

// Flush sends the headers and flushes the wrapped writer when it can.
func (w *Writer) Flush() {
	w.mu.Lock()
	if w.blocked || w.hijacked || !w.sendLocked() {
		w.mu.Unlock()
		return
	}
	w.mu.Unlock()
	_ = http.NewResponseController(w.w).Flush()
}

// Hijack hands the connection to the handler; the Writer does nothing
// after that.
func (w *Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.blocked {
		return nil, nil, reqctx.ErrBlocked
	}
	open := w.flags.And(^uint32(flagOpen))&flagOpen != 0 // no write goes around the hijack
	c, rw, err := http.NewResponseController(w.w).Hijack()
	if err == nil {
		w.hijacked = true
	} else if open {
		w.flags.Or(flagOpen)
	}
	return c, rw, err
}

// Push starts an HTTP/2 server push through the wrapped writer. Like the
// standard library's writers it returns http.ErrNotSupported when the
// connection cannot push (HTTP/1, or a wrapped writer without http.Pusher),
// so handlers and routers (chi's middleware.WrapResponseWriter) that look for
// http.Pusher on HTTP/2 keep working.
func (w *Writer) Push(target string, opts *http.PushOptions) error {
	w.mu.Lock()
	blocked := w.blocked
	w.mu.Unlock()
	if blocked {
		return reqctx.ErrBlocked
	}
	if p, ok := w.w.(http.Pusher); ok {
		return p.Push(target, opts)
	}
	return http.ErrNotSupported
}

// Block writes the block page for err unless output was already sent, and
// drops every later write. It reports whether the page replaced the
// handler's response.
func (w *Writer) Block(err *reqctx.BlockError) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.blocked || w.hijacked || w.finished {
		return false // a late hook (a goroutine outliving the handler) writes nothing
	}
	if w.sent {
		w.blocked = true
		w.flags.And(^uint32(flagOpen))
		return false
	}
	w.writePageLocked()
	return true
}

// writePageLocked sends the block page; the response is then blocked.
func (w *Writer) writePageLocked() {
	w.blocked, w.sent = true, true
	page := w.page
	if page == nil {
		page = DefaultPage()
	}
	if w.headers != nil {
		w.headers.apply(w.w.Header(), w.tls(), w.hvals[:0])
	}
	w.status = page.write(w.w, w.accept)
}

// Finish sends a status the handler set but never followed with a body,
// and returns the status sent (as Status does). The end of the request
// calls it; Block does nothing afterwards.
func (w *Writer) Finish() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.sent && !w.blocked && !w.hijacked {
		w.sendLocked()
	}
	w.finished = true
	if !w.sent {
		return 0
	}
	return w.status
}

// Status returns the status sent, or 0 when nothing was sent yet.
func (w *Writer) Status() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.sent {
		return 0
	}
	return w.status
}
