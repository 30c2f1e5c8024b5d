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
	headers *Headers    // may be nil
	page    *Page       // may be nil: DefaultPage
	reqHdr  http.Header // the request's: its Accept header picks the block page's form

	// buf holds short writes of the body until they fill it (see
	// writeBufSize), its first n bytes; nil until the second. Only the
	// handler's goroutine touches them.
	buf *writeBuf
	n   int

	mu       sync.Mutex
	status   int  // status asked by the handler, not yet sent
	sent     bool // headers sent to w
	blocked  bool
	hijacked bool
	finished bool // the handler returned: the writer must not be used

	// flags holds flagOpen, flagBuffer and flagTLS. flagOpen is set once
	// the headers are sent, while the response is neither blocked nor
	// hijacked: Write then goes on without taking mu (templates write a
	// page in many small pieces); it is cleared, under mu, by whatever
	// stops the response. flagBuffer is set with it when the status lets
	// the response have a body, and cleared by Finish: short writes are
	// then gathered in buf (from the second on: flagPiecewise marks the
	// first). flagTLS never changes after Init, nor flagWire once
	// the handler runs; flagWireDue is set by sendLocked and cleared by
	// WireHeaders (see SetWireHeaders). They share the
	// word so that the Writer has no padding (it is allocated with the
	// agent's per-request state, whose size counts on every request).
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
	flagBuffer
	flagPiecewise // a short write went on alone: the next one starts buf
	flagTLS
	flagWire    // the security headers may be left to the header block's writing (SetWireHeaders)
	flagWireDue // they were: WireHeaders writes them
)

// The write buffer. html/template writes a page in one call per piece of
// text and per value (the bench app's 2.4 KB page in 200 calls of 12
// bytes on average), and each call of net/http's ResponseWriter.Write
// costs more than copying its bytes: it locks the connection to check for
// a hijack, then checks the body and its length. The Writer gathers
// writes of up to maxBuffered bytes and passes them on in blocks of up to
// writeBufSize. That moved ~2.9 us per request out of net/http's
// write path for ~0.8 us of copying in the bench app (perf, 8 rounds).
// What is passed on, and in which order, does not change, only when: at
// the latest when the handler flushes, reads from a file, hijacks or
// returns (Finish), which is before net/http frames the response. The
// buffer is allocated per response at the second short write (a body
// written in one piece needs none). It is not pooled: a goroutine that
// wrongly writes after its handler returned can only reach the buffer of
// its own response. The count of its bytes is in the Writer, so that it
// is 512 bytes, a size class of its own: with the count, 520 bytes took
// the 576-byte class.
const (
	writeBufSize = 512
	maxBuffered  = writeBufSize / 4
)

type writeBuf [writeBufSize]byte

// gathering reports whether writes may be gathered in buf now: the
// response is open and its status has a body.
func (w *Writer) gathering() bool {
	return w.flags.Load()&(flagOpen|flagBuffer) == flagOpen|flagBuffer
}

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
	var h http.Header
	if accept != "" {
		h = http.Header{"Accept": {accept}}
	}
	rw.Init(w, tls, h, headers, page)
	return rw
}

// Init is NewWriter for a Writer the caller allocated (zero, and never
// used before), so that the agent can allocate it with its other
// per-request state; reqHeader is the request's header (its Accept header
// is read if the block page is sent).
func (w *Writer) Init(rw http.ResponseWriter, tls bool, reqHeader http.Header, headers *Headers, page *Page) {
	w.w, w.reqHdr, w.headers, w.page = rw, reqHeader, headers, page
	if tls {
		w.flags.Store(flagTLS)
	}
}

// SetWireHeaders tells the Writer that the writer it wraps is net/http's
// HTTP/1 writer, built with the hook that calls WireHeaders when it
// writes the response's header block: the security headers are then
// written there, pre-rendered, instead of being added to the header map,
// which net/http then copied, sorted and wrote line by line (about 0.5
// us per response). Call it before the handler runs.
func (w *Writer) SetWireHeaders() { w.flags.Or(flagWire) }

// WireHeaders writes to bw, where net/http is writing the header block
// of the response, whose header is h, the security headers the Writer
// left to it (SetWireHeaders), those h does not have, once. It does
// nothing for a response that is not the Writer's: a block page, or
// headers net/http sent before the Writer sent them (a Flush through
// the wrapped writer, which sends none of the policy's, as before).
func (w *Writer) WireHeaders(h http.Header, bw *bufio.Writer) {
	if w.flags.Load()&flagWireDue == 0 {
		return
	}
	w.flags.And(^uint32(flagWireDue))
	w.headers.writeWire(h, bw, w.tls())
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
		if w.flags.Load()&flagWire != 0 && w.headers.canonical {
			w.flags.Or(flagWireDue)
		} else {
			w.headers.apply(w.w.Header(), w.tls(), w.hvals[:0])
		}
	}
	w.w.WriteHeader(w.status)
	f := uint32(flagOpen)
	if bodyAllowed(w.status) {
		f |= flagBuffer
	}
	w.flags.Or(f)
	return true
}

// bodyAllowed reports whether a response of this status has a body
// (net/http refuses writes for the others: they are not gathered, so that
// the handler gets its error).
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
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

// Write writes p, or drops it once the request is blocked. A short p
// may be gathered with the next writes (see writeBufSize).
func (w *Writer) Write(p []byte) (int, error) {
	if b := w.buf; b != nil && len(p) <= maxBuffered && len(p) <= len(b)-w.n && w.gathering() {
		w.n += copy(b[w.n:], p) // the usual case, kept short: one call per piece of a page
		return len(p), nil
	}
	switch act, err := w.gate(len(p)); act {
	case gather:
		w.n += copy(w.buf[w.n:], p)
		return len(p), nil
	case pass:
		return w.w.Write(p)
	case drop:
		return len(p), nil
	default:
		return 0, err
	}
}

// WriteString is Write for a string, passed on as a string (see
// io.WriteString): without it, io.WriteString and the packages that use
// it would copy s into a new []byte on every call, an allocation the
// handler does not pay on net/http's own writer.
func (w *Writer) WriteString(s string) (int, error) {
	if b := w.buf; b != nil && len(s) <= maxBuffered && len(s) <= len(b)-w.n && w.gathering() {
		w.n += copy(b[w.n:], s)
		return len(s), nil
	}
	switch act, err := w.gate(len(s)); act {
	case gather:
		w.n += copy(w.buf[w.n:], s)
		return len(s), nil
	case pass:
		return io.WriteString(w.w, s)
	case drop:
		return len(s), nil
	default:
		return 0, err
	}
}

// What gate decides for a write.
const (
	fail   = iota // the write fails with gate's error (after a hijack, or buf could not be passed on)
	gather        // into buf, which has room for it
	pass          // on to the wrapped writer, buf passed on first
	drop          // nowhere: the request is blocked, the block page is the response
)

// gate decides what becomes of a write of n bytes (see the constants
// above).
func (w *Writer) gate(n int) (int, error) {
	f := w.flags.Load()
	if f&flagOpen == 0 {
		ok, err := w.admit()
		if err != nil {
			return fail, err
		}
		if !ok {
			return drop, nil
		}
		f = w.flags.Load()
	}
	if f&flagBuffer != 0 && n <= maxBuffered {
		if w.buf == nil {
			if f&flagPiecewise == 0 {
				// A body written in one short piece ("ok", a small JSON
				// document) is not worth the buffer's allocation: the
				// first goes on alone, the second starts the buffer.
				w.flags.Or(flagPiecewise)
				return pass, nil
			}
			w.buf = new(writeBuf) // n is 0 while buf is nil (Finish clears both)
		} else if w.n+n > len(w.buf) {
			if err := w.flushBuf(); err != nil {
				return fail, err
			}
		}
		return gather, nil
	}
	if err := w.flushBuf(); err != nil {
		return fail, err
	}
	return pass, nil
}

// flushBuf passes the gathered writes on to the wrapped writer.
func (w *Writer) flushBuf() error {
	b := w.buf
	if b == nil || w.n == 0 {
		return nil
	}
	n := w.n
	w.n = 0
	_, err := w.w.Write(b[:n])
	return err
}

// Finish sends a status the handler set but never followed with a body,
// passes on the writes still gathered, and returns the status sent (as
// Status does). The end of the request calls it, on the handler's
// goroutine, before the server ends the response; Block does nothing
// afterwards, and later writes (a goroutine outliving its handler) are
// not gathered any more.
func (w *Writer) Finish() int {
	w.mu.Lock()
	if !w.sent && !w.blocked && !w.hijacked {
		w.sendLocked()
	}
	hijacked := w.hijacked // only the handler's goroutine, this one, hijacks
	w.mu.Unlock()
	if !hijacked {
		// Outside mu, as every write of the body: a slow client must not
		// hold up a Block from another goroutine. Blocked after the body
		// had started, these bytes were written before the block, as
		// they would have been without the buffer.
		_ = w.flushBuf()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flags.And(^uint32(flagBuffer))
	w.buf, w.n = nil, 0
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

// apply is Apply with buf (empty) as the backing array of the values
// added while it has room: each header gets a one-element, capacity-one
// slice of it, so an append by the app copies instead of overwriting the
// next header's value. What does not fit goes to one new array. It runs
// on every response, its code cold (see bench/footprint): a validated
// policy's headers are one list per scheme (plain, secure), added in one
// loop, where the list of Always, the canonical names' test and HSTS's
// own call ran 18 lines of code and data per response.
func (p *Headers) apply(h http.Header, tls bool, buf []string) {
	if !p.canonical {
		p.applyUnvalidated(h, tls, buf)
		return
	}
	list := p.plain
	if tls {
		list = p.secure
	}
	vals := buf[:0]
	for i := range list {
		vals = addHeader(h, list[i].Name, list[i].Value, vals, len(list)-i+1)
	}
	if p.CSP != "" {
		p.applyCSP(h, vals)
	}
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
	if err := w.flushBuf(); err != nil {
		return 0, err
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
	if w.flushBuf() != nil {
		return
	}
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
	if w.sent && !w.blocked {
		// What the handler wrote before goes first, as it would have
		// without the buffer (net/http flushes its own on Hijack).
		if err := w.flushBuf(); err != nil {
			if open {
				w.flags.Or(flagOpen)
			}
			return nil, nil, err
		}
	}
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
	w.status = page.write(w.w, w.reqHdr.Get("Accept"))
}
