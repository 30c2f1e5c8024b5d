// Package grpcclient is a small unary gRPC client on net/http (HTTP/2 over
// TLS with ALPN h2, or cleartext h2c with prior knowledge). It exists so
// that the agent talks to the platform without linking a gRPC library:
// one request message, one reply message, the status from the trailers.
// No streaming, no compression, no name resolution beyond net/http's.
//
// The wire format follows gRPC over HTTP/2 (PROTOCOL-HTTP2.md in the gRPC
// repository): POST /<service>/<method>, content-type application/grpc,
// te: trailers, grpc-timeout, and each message prefixed by one flag byte
// (0: not compressed) and its length as 4 big-endian bytes.
package grpcclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxRecvSize bounds a reply message when Config.MaxRecvSize is 0.
const DefaultMaxRecvSize = 16 << 20

// Config configures a Client.
type Config struct {
	// Addr is the server's host:port.
	Addr string
	// TLS, when set, is used for HTTP/2 over TLS (through HTTPS_PROXY
	// when the environment sets one). Nil means cleartext h2c (prior
	// knowledge, no upgrade, always direct).
	TLS *tls.Config
	// UserAgent is sent on every call.
	UserAgent string
	// Header holds extra request headers sent on every call (metadata such
	// as authorization). Names must be lower case ASCII.
	Header http.Header
	// MaxRecvSize bounds a reply message (DefaultMaxRecvSize when 0).
	MaxRecvSize int
}

// Client calls unary methods of one server. It reuses its connections and
// is safe for concurrent use.
type Client struct {
	base    string
	hc      *http.Client
	tr      *http.Transport
	ua      string
	header  http.Header
	maxRecv int
}

// New checks cfg and returns a Client. It does not connect.
func New(cfg Config) (*Client, error) {
	addr := strings.TrimPrefix(cfg.Addr, "dns:///")
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return nil, fmt.Errorf("grpcclient: address %q: want host:port", cfg.Addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return nil, fmt.Errorf("grpcclient: address %q: port %q is not a number", cfg.Addr, port)
	}
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     5 * time.Minute,
		TLSHandshakeTimeout: 10 * time.Second,
		HTTP2: &http.HTTP2Config{
			MaxReceiveBufferPerStream: 4 << 20,
			SendPingTimeout:           30 * time.Second,
			PingTimeout:               15 * time.Second,
		},
		Protocols: new(http.Protocols),
	}
	scheme := "http"
	if cfg.TLS != nil {
		scheme = "https"
		tr.TLSClientConfig = cfg.TLS.Clone()
		tr.Protocols.SetHTTP2(true)
		// HTTPS_PROXY and NO_PROXY apply, through CONNECT, as with grpc-go.
		// Cleartext h2c goes direct: a proxy would not forward it.
		tr.Proxy = http.ProxyFromEnvironment
	} else {
		tr.Protocols.SetUnencryptedHTTP2(true)
	}
	maxRecv := cfg.MaxRecvSize
	if maxRecv <= 0 {
		maxRecv = DefaultMaxRecvSize
	}
	return &Client{
		base:    scheme + "://" + net.JoinHostPort(host, port),
		hc:      &http.Client{Transport: tr},
		tr:      tr,
		ua:      cfg.UserAgent,
		header:  cfg.Header.Clone(),
		maxRecv: maxRecv,
	}, nil
}

// Close closes the idle connections. Calls in flight are not interrupted.
func (c *Client) Close() error {
	c.tr.CloseIdleConnections()
	return nil
}

// Request is a request message: it appends its protobuf encoding to b
// (the agent's messages, package wiremsg, do).
type Request interface{ AppendWire(b []byte) []byte }

// Reply is a reply message: it decodes itself from its protobuf
// encoding.
type Reply interface{ UnmarshalWire(b []byte) error }

// Invoke calls the unary method (full path: "/package.Service/Method")
// with req and decodes the reply into resp. A failed call returns an
// *Error (see CodeOf); the context's deadline becomes grpc-timeout.
func (c *Client) Invoke(ctx context.Context, method string, req Request, resp Reply) error {
	// The message after its 5-byte prefix: flag 0 (not compressed) and
	// the length.
	body := req.AppendWire(make([]byte, 5, 512))
	n := len(body) - 5
	if uint64(n) > math.MaxUint32 {
		return &Error{Code: Internal, Message: fmt.Sprintf("request message of %d bytes is too large", n)}
	}
	binary.BigEndian.PutUint32(body[1:5], uint32(n))

	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+method, bytes.NewReader(body))
	if err != nil {
		return &Error{Code: Internal, Message: err.Error()}
	}
	for k, v := range c.header {
		hreq.Header[k] = v
	}
	hreq.Header.Set("Content-Type", "application/grpc+proto")
	hreq.Header.Set("Te", "trailers")
	if c.ua != "" {
		hreq.Header.Set("User-Agent", c.ua)
	}
	if dl, ok := ctx.Deadline(); ok {
		d := time.Until(dl)
		if d <= 0 {
			return &Error{Code: DeadlineExceeded, Message: "deadline passed before the call", Err: context.DeadlineExceeded}
		}
		hreq.Header.Set("Grpc-Timeout", encodeTimeout(d))
	}

	hresp, err := c.hc.Do(hreq)
	if err != nil {
		return transportError(ctx, err)
	}
	defer hresp.Body.Close()
	if st := statusFrom(hresp.Header); st != nil { // trailers-only reply
		return st.err()
	}
	if hresp.StatusCode != http.StatusOK {
		return &Error{Code: codeOfHTTP(hresp.StatusCode), Message: fmt.Sprintf("unexpected HTTP status %s", hresp.Status)}
	}
	if ct := hresp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/grpc") {
		return &Error{Code: Unknown, Message: fmt.Sprintf("reply content-type %q is not gRPC", ct)}
	}

	payload, err := c.readMessage(ctx, hresp.Body)
	if err != nil {
		return err
	}
	// The status comes after the message, in the trailers: read to EOF.
	if payload != nil {
		var one [1]byte
		if n, err := io.ReadFull(hresp.Body, one[:]); n > 0 {
			return &Error{Code: Internal, Message: "unary reply has more than one message"}
		} else if err != io.EOF && err != io.ErrUnexpectedEOF {
			return transportError(ctx, err)
		}
	}
	st := statusFrom(hresp.Trailer)
	if st == nil {
		return &Error{Code: Internal, Message: "server closed the stream without sending a grpc-status"}
	}
	if st.code != OK {
		return st.err()
	}
	if payload == nil {
		return &Error{Code: Internal, Message: "server sent OK without a reply message"}
	}
	if err := resp.UnmarshalWire(payload); err != nil {
		return &Error{Code: Internal, Message: "unmarshal reply: " + err.Error()}
	}
	return nil
}

// readMessage reads one length-prefixed message; nil (no error) when the
// body ends before any byte of it.
func (c *Client) readMessage(ctx context.Context, body io.Reader) ([]byte, error) {
	var hdr [5]byte
	n, err := io.ReadFull(body, hdr[:])
	switch {
	case n == 0 && err == io.EOF:
		return nil, nil
	case err == io.ErrUnexpectedEOF:
		return nil, &Error{Code: Internal, Message: "reply ends inside a message header"}
	case err != nil:
		return nil, transportError(ctx, err)
	}
	if hdr[0] != 0 {
		return nil, &Error{Code: Internal, Message: fmt.Sprintf("reply message flag %#x: compression is not supported", hdr[0])}
	}
	size := binary.BigEndian.Uint32(hdr[1:])
	if uint64(size) > uint64(c.maxRecv) {
		return nil, &Error{Code: ResourceExhausted, Message: fmt.Sprintf("reply message of %d bytes is larger than the limit (%d)", size, c.maxRecv)}
	}
	msg := make([]byte, size)
	if _, err := io.ReadFull(body, msg); err != nil {
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			return nil, &Error{Code: Internal, Message: fmt.Sprintf("reply ends inside a message of %d bytes", size)}
		}
		return nil, transportError(ctx, err)
	}
	return msg, nil
}

// transportError classifies a failure below gRPC: the deadline passed,
// the context canceled, or else the server unreachable.
func transportError(ctx context.Context, err error) error {
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		// Also when the server, which got the deadline as grpc-timeout,
		// reset the stream before the context's own timer fired.
		return &Error{Code: DeadlineExceeded, Message: err.Error(), Err: err}
	}
	if ctx.Err() == context.Canceled {
		return &Error{Code: Canceled, Message: err.Error(), Err: err}
	}
	return &Error{Code: Unavailable, Message: err.Error(), Err: err}
}

// encodeTimeout writes d as grpc-timeout: at most 8 digits and a unit,
// the finest unit that fits, rounded up.
func encodeTimeout(d time.Duration) string {
	units := []struct {
		d time.Duration
		u string
	}{{time.Nanosecond, "n"}, {time.Microsecond, "u"}, {time.Millisecond, "m"}, {time.Second, "S"}, {time.Minute, "M"}, {time.Hour, "H"}}
	const maxValue = 99999999
	for _, u := range units {
		v := d / u.d
		if d%u.d != 0 {
			v++ // round up, without overflowing near the largest duration
		}
		if v <= maxValue {
			return strconv.FormatInt(int64(v), 10) + u.u
		}
	}
	return strconv.Itoa(maxValue) + "H"
}

// codeOfHTTP maps an HTTP status without gRPC status to a code, as the
// gRPC spec says (http-grpc-status-mapping.md).
func codeOfHTTP(status int) Code {
	switch status {
	case http.StatusBadRequest:
		return Internal
	case http.StatusUnauthorized:
		return Unauthenticated
	case http.StatusForbidden:
		return PermissionDenied
	case http.StatusNotFound:
		return Unimplemented
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return Unavailable
	}
	return Unknown
}

type grpcStatus struct {
	code Code
	msg  string
}

func (s *grpcStatus) err() error {
	if s.code == OK {
		return &Error{Code: Internal, Message: "server sent OK without a reply message"}
	}
	return &Error{Code: s.code, Message: s.msg}
}

// statusFrom reads grpc-status and grpc-message from h; nil when h has
// no grpc-status.
func statusFrom(h http.Header) *grpcStatus {
	v := h.Get("Grpc-Status")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		return &grpcStatus{code: Unknown, msg: fmt.Sprintf("malformed grpc-status %q", v)}
	}
	return &grpcStatus{code: Code(n), msg: decodeMessage(h.Get("Grpc-Message"))}
}

// decodeMessage undoes the percent-encoding of grpc-message; a malformed
// escape is kept as is.
func decodeMessage(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Error is a failed call: a gRPC status code and message, and the
// transport error behind it, if any.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string {
	return fmt.Sprintf("rpc error: code = %s desc = %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the code of the *Error in err's chain: OK for nil,
// Unknown for an error that is not from a call.
func CodeOf(err error) Code {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Unknown
}
