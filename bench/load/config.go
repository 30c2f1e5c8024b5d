package load

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"
)

// Config describes one load run.
type Config struct {
	// URL is requested with GET; its host must be a loopback address
	// (127.0.0.0/8, ::1 or localhost).
	URL string
	// Conns is the number of connections, each with one request in
	// flight (default 8).
	Conns int
	// Duration is how long requests are measured (default 10 s).
	Duration time.Duration
	// Warmup is how long requests are sent, and not measured, first.
	Warmup time.Duration
	// Timeout bounds one request (default 5 s); a request past it is an
	// error and its connection is replaced.
	Timeout time.Duration
	// Rate, when above 0, makes the run open loop: requests are sent at
	// this many per second in all (spread evenly over the connections,
	// each on its own fixed schedule), whatever the responses do, and a
	// request's latency runs from the time it was due, so that a stalled
	// server shows as many slow requests, not one (see the package doc).
	// 0 is the closed loop.
	Rate float64
	// Offset, in an open-loop run, delays every request's due time: two
	// runs on one machine at once at the same rate, one with half an
	// interval (1/(2*Rate) s) of offset, send their requests in turn
	// rather than at the same instants, where the one whose loader
	// started first would be served first every time. At most one
	// interval of a connection (Conns/Rate s).
	Offset time.Duration
	// Header is added to every request.
	Header map[string]string
	// OnMeasure, if set, is called when the measured window starts and
	// when it ends (start true, then false), e.g. to read the server's CPU
	// time; requests keep flowing while it runs.
	OnMeasure func(start bool)
}

// Errors of Config.validate.
var (
	ErrNotLoopback = errors.New("target is not a loopback address")
	ErrBadConfig   = errors.New("bad load configuration")
)

// target is a validated Config's connection details.
type target struct {
	addr    string // host:port to dial
	request []byte // the bytes of one request
}

func (c *Config) withDefaults() Config {
	out := *c
	if out.Conns == 0 {
		out.Conns = 8
	}
	if out.Duration == 0 {
		out.Duration = 10 * time.Second
	}
	if out.Timeout == 0 {
		out.Timeout = 5 * time.Second
	}
	return out
}

// validate checks c and prepares the request bytes.
func (c *Config) validate() (target, error) {
	switch {
	case c.Conns < 1 || c.Conns > 10_000:
		return target{}, fmt.Errorf("%w: conns %d (want 1 to 10000)", ErrBadConfig, c.Conns)
	case c.Rate < 0 || c.Rate > 1e6:
		return target{}, fmt.Errorf("%w: rate %v (want 0 for the closed loop, or up to 1,000,000 requests/s)", ErrBadConfig, c.Rate)
	case c.Duration <= 0 || c.Warmup < 0 || c.Timeout <= 0:
		return target{}, fmt.Errorf("%w: duration %v, warmup %v, timeout %v (want positive)", ErrBadConfig, c.Duration, c.Warmup, c.Timeout)
	case c.Offset < 0 || c.Offset > 0 && (c.Rate == 0 || float64(c.Offset) > float64(time.Second)*float64(c.Conns)/c.Rate):
		return target{}, fmt.Errorf("%w: offset %v (want 0, or up to one interval of a connection in an open-loop run)", ErrBadConfig, c.Offset)
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return target{}, fmt.Errorf("%w: url: %w", ErrBadConfig, err)
	}
	if u.Scheme != "http" {
		return target{}, fmt.Errorf("%w: url %q: want http://", ErrBadConfig, c.URL)
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "80"
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return target{}, fmt.Errorf("%w: %q", ErrNotLoopback, host)
	}
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUser-Agent: sqreen-bench-load/1\r\nAccept: text/html\r\n"
	for k, v := range c.Header {
		if !validHeader(k) || !validHeader(v) {
			return target{}, fmt.Errorf("%w: header %q: CR, LF or empty name", ErrBadConfig, k)
		}
		req += k + ": " + v + "\r\n"
	}
	req += "\r\n"
	return target{addr: net.JoinHostPort(host, port), request: []byte(req)}, nil
}

func validHeader(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' || s[i] == '\n' {
			return false
		}
	}
	return s != ""
}
