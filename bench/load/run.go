package load

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Result is the outcome of a run's measured window.
type Result struct {
	// Requests counts the responses with a 2xx status, and Latency their
	// latencies, from writing the request to reading the last body byte.
	Requests uint64
	Latency  Histogram
	// Errors counts requests that failed (connection error, timeout) and
	// Non2xx responses with another status; neither is in Latency.
	Errors uint64
	Non2xx uint64
	// Elapsed is the measured window's actual length.
	Elapsed time.Duration
	// FirstError is the first failure seen, for the report.
	FirstError string
	// Late counts, in an open-loop run, the requests sent more than a
	// tenth of an interval after they were due: the server (or the
	// client) did not keep up with the rate.
	Late uint64
}

// Throughput is the successful requests per second.
func (r *Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// phase values of a run.
const (
	phaseWarmup int32 = iota
	phaseMeasure
	phaseDone
)

// Run sends the load c describes and returns what was measured. It
// returns early, with what it has, when ctx ends.
func Run(ctx context.Context, c Config) (*Result, error) {
	c = c.withDefaults()
	t, err := c.validate()
	if err != nil {
		return nil, err
	}
	var phase atomic.Int32
	workers := make([]worker, c.Conns)
	var wg sync.WaitGroup
	for i := range workers {
		w := &workers[i]
		w.t, w.timeout, w.phase = t, c.Timeout, &phase
		if c.Rate > 0 {
			// Each connection carries Rate/Conns requests per second,
			// the connections' schedules staggered over one interval.
			w.interval = time.Duration(float64(time.Second) * float64(c.Conns) / c.Rate)
			w.offset = c.Offset + w.interval*time.Duration(i)/time.Duration(c.Conns)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx)
		}()
	}
	sleep(ctx, c.Warmup)
	if c.OnMeasure != nil {
		c.OnMeasure(true)
	}
	start := time.Now()
	phase.Store(phaseMeasure)
	sleep(ctx, c.Duration)
	phase.Store(phaseDone)
	elapsed := time.Since(start)
	if c.OnMeasure != nil {
		c.OnMeasure(false)
	}
	wg.Wait()
	res := &Result{Elapsed: elapsed}
	for i := range workers {
		w := &workers[i]
		res.Latency.Merge(&w.hist)
		res.Requests += w.ok
		res.Errors += w.errs
		res.Non2xx += w.non2xx
		res.Late += w.late
		if res.FirstError == "" && w.firstErr != nil {
			res.FirstError = w.firstErr.Error()
		}
	}
	return res, nil
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// worker is one connection's closed loop. Requests that complete while
// the phase is phaseMeasure are counted; a request in flight when the
// window ends is not.
type worker struct {
	t       target
	timeout time.Duration
	phase   *atomic.Int32
	hist    Histogram
	// interval, when above 0, is the open loop's time between two
	// requests of this connection, and offset its first request's delay.
	interval, offset time.Duration
	late             uint64 // open loop: requests sent later than due
	ok               uint64
	errs             uint64
	non2xx           uint64
	firstErr         error
}

// maxConnectFailures bounds reconnection attempts in a row, so a dead
// server ends the loop instead of spinning.
const maxConnectFailures = 50

func (w *worker) loop(ctx context.Context) {
	var conn net.Conn
	var br *bufio.Reader
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	failures := 0
	due := time.Now().Add(w.offset) // open loop: when the next request is due
	for ctx.Err() == nil && w.phase.Load() != phaseDone {
		if conn == nil {
			c, err := (&net.Dialer{Timeout: w.timeout}).DialContext(ctx, "tcp", w.t.addr)
			if err != nil {
				w.fail(err)
				if failures++; failures >= maxConnectFailures {
					return
				}
				sleep(ctx, 10*time.Millisecond)
				continue
			}
			conn, br = c, bufio.NewReaderSize(c, 16<<10)
		}
		begin := time.Now()
		if w.interval > 0 {
			if wait := due.Sub(begin); wait > 0 {
				sleep(ctx, wait)
				begin = time.Now()
			} else if -wait > w.interval/10 {
				w.late++
			}
		}
		status, keep, err := w.roundTrip(conn, br, begin)
		took := time.Since(begin)
		if w.interval > 0 {
			// From when the request was due: a request held up by a slow
			// previous one counts its wait (coordinated omission).
			took = time.Since(due)
			due = due.Add(w.interval)
		}
		counted := w.phase.Load() == phaseMeasure
		switch {
		case err != nil:
			conn.Close()
			conn = nil
			if counted {
				w.fail(err)
			}
			continue
		case counted && status/100 == 2:
			w.ok++
			w.hist.Record(took)
		case counted:
			w.non2xx++
		}
		failures = 0
		if !keep {
			conn.Close()
			conn = nil
		}
	}
}

func (w *worker) fail(err error) {
	w.errs++
	if w.firstErr == nil {
		w.firstErr = err
	}
}

// roundTrip writes one request and reads its whole response, reporting the
// status and whether the connection may be reused.
func (w *worker) roundTrip(conn net.Conn, br *bufio.Reader, now time.Time) (int, bool, error) {
	if err := conn.SetDeadline(now.Add(w.timeout)); err != nil {
		return 0, false, err
	}
	if _, err := conn.Write(w.t.request); err != nil {
		return 0, false, fmt.Errorf("writing the request: %w", err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0, false, fmt.Errorf("reading the response: %w", err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, false, fmt.Errorf("reading the response body: %w", err)
	}
	return resp.StatusCode, !resp.Close, nil
}
