package heartbeat

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// outbox holds what has not been acknowledged: the batch in flight with
// its metrics (fixed id and content until acknowledged: a resend is the
// same heartbeat, which the platform stores once), the backlog of newer
// events, and the metrics and drops since the batch in flight was cut,
// which go with the next batch.
type outbox struct {
	maxBatch, maxBacklog int
	batchID              string
	batch                []*wiremsg.Event
	batchMetrics         *wiremsg.Metrics
	backlog              []*wiremsg.Event
	pending              *wiremsg.Metrics
	dropped              int64
}

// add appends drained events to the backlog, dropping the oldest beyond
// the bound.
func (o *outbox) add(events []*wiremsg.Event) {
	o.backlog = append(o.backlog, events...)
	if over := len(o.backlog) + len(o.batch) - o.maxBacklog; over > 0 {
		over = min(over, len(o.backlog))
		o.dropped += int64(over)
		o.backlog = append(o.backlog[:0], o.backlog[over:]...)
	}
}

// addMetrics adds a fresh snapshot to the metrics of the next batch.
func (o *outbox) addMetrics(m *wiremsg.Metrics) {
	if m == nil {
		return
	}
	if o.pending == nil {
		o.pending = m.Clone()
		return
	}
	o.pending = merge(o.pending, m)
}

// next returns the batch to send and its metrics: the one in flight, or
// a new one cut from the backlog with the metrics and drops since the
// last cut.
func (o *outbox) next() (string, []*wiremsg.Event, *wiremsg.Metrics) {
	if o.batchID == "" {
		n := min(len(o.backlog), o.maxBatch)
		o.batch = append([]*wiremsg.Event(nil), o.backlog[:n]...)
		o.backlog = append(o.backlog[:0], o.backlog[n:]...)
		m := o.pending
		if m == nil {
			m = &wiremsg.Metrics{}
		}
		m.EventsDropped += o.dropped
		o.batchMetrics, o.pending, o.dropped = m, nil, 0
		o.batchID = newID()
	}
	return o.batchID, o.batch, o.batchMetrics
}

// acked forgets the batch and the metrics the platform has stored.
func (o *outbox) acked() {
	o.batchID, o.batch, o.batchMetrics = "", nil, nil
}

// reject drops a batch, with its metrics, that the platform refuses for
// good (resending it would be refused again), counting its events.
func (o *outbox) reject() {
	o.dropped += int64(len(o.batch))
	o.batchID, o.batch, o.batchMetrics = "", nil, nil
}

// unsent reports whether events or metrics wait for a next batch.
func (o *outbox) unsent() bool {
	return len(o.backlog) > 0 || o.pending != nil || o.dropped > 0
}

// maxNotFoundIPs bounds the IPs of merged metrics (the platform refuses
// more than 1024): windows merged while the platform was away keep the
// IPs seen first.
const maxNotFoundIPs = 1000

// merge combines two consecutive metric windows.
func merge(a, b *wiremsg.Metrics) *wiremsg.Metrics {
	out := &wiremsg.Metrics{
		WindowStartUnixMs: a.WindowStartUnixMs,
		WindowEndUnixMs:   b.WindowEndUnixMs,
		Requests:          a.Requests + b.Requests,
		BlockedRequests:   a.BlockedRequests + b.BlockedRequests,
		BudgetOverruns:    a.BudgetOverruns + b.BudgetOverruns,
		Panics:            a.Panics + b.Panics,
		EventsDropped:     a.EventsDropped + b.EventsDropped,
		NotFoundByIp:      map[string]int64{},
	}
	hooks := map[string]*wiremsg.HookTiming{}
	var order []string
	for _, h := range append(append([]*wiremsg.HookTiming{}, a.Hooks...), b.Hooks...) {
		cur, ok := hooks[h.HookPoint]
		if !ok {
			hooks[h.HookPoint] = &wiremsg.HookTiming{HookPoint: h.HookPoint, Calls: h.Calls, P50Ns: h.P50Ns, P99Ns: h.P99Ns}
			order = append(order, h.HookPoint)
			continue
		}
		if total := cur.Calls + h.Calls; total > 0 {
			cur.P50Ns = (cur.P50Ns*cur.Calls + h.P50Ns*h.Calls) / total
		}
		cur.P99Ns = max(cur.P99Ns, h.P99Ns)
		cur.Calls += h.Calls
	}
	for _, k := range order {
		out.Hooks = append(out.Hooks, hooks[k])
	}
	for _, m := range []map[string]int64{a.NotFoundByIp, b.NotFoundByIp} {
		for ip, n := range m {
			if _, ok := out.NotFoundByIp[ip]; ok || len(out.NotFoundByIp) < maxNotFoundIPs {
				out.NotFoundByIp[ip] += n
			}
		}
	}
	return out
}

func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
