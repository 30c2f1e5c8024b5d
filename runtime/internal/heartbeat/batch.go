package heartbeat

import (
	"crypto/rand"
	"encoding/hex"

	"google.golang.org/protobuf/proto"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// outbox holds what has not been acknowledged: the batch in flight (fixed
// id and content until acknowledged), the backlog of newer events, and
// the metrics accumulated since the last acknowledged heartbeat.
type outbox struct {
	maxBatch, maxBacklog int
	batchID              string
	batch                []*wire.Event
	backlog              []*wire.Event
	metrics              *wire.Metrics
	dropped              int64
}

// add appends drained events to the backlog, dropping the oldest beyond
// the bound.
func (o *outbox) add(events []*wire.Event) {
	o.backlog = append(o.backlog, events...)
	if over := len(o.backlog) + len(o.batch) - o.maxBacklog; over > 0 {
		over = min(over, len(o.backlog))
		o.dropped += int64(over)
		o.backlog = append(o.backlog[:0], o.backlog[over:]...)
	}
}

// next returns the batch to send: the one in flight, or a new one cut from
// the backlog.
func (o *outbox) next() (string, []*wire.Event) {
	if o.batchID == "" {
		n := min(len(o.backlog), o.maxBatch)
		o.batch = append([]*wire.Event(nil), o.backlog[:n]...)
		o.backlog = append(o.backlog[:0], o.backlog[n:]...)
		o.batchID = newID()
	}
	return o.batchID, o.batch
}

// acked forgets the batch and the metrics the platform has stored.
func (o *outbox) acked() {
	o.batchID, o.batch, o.metrics, o.dropped = "", nil, nil, 0
}

// reject drops a batch (and its metrics) the platform refuses for good,
// counting its events.
func (o *outbox) reject() {
	o.dropped += int64(len(o.batch))
	o.batchID, o.batch, o.metrics = "", nil, nil
}

// mergeMetrics adds a fresh snapshot to the unacknowledged metrics.
func (o *outbox) mergeMetrics(m *wire.Metrics) *wire.Metrics {
	if m == nil {
		m = &wire.Metrics{}
	}
	if o.metrics == nil {
		o.metrics = m
	} else {
		o.metrics = merge(o.metrics, m)
	}
	out := proto.Clone(o.metrics).(*wire.Metrics)
	out.EventsDropped += o.dropped
	return out
}

// maxNotFoundIPs bounds the IPs of merged metrics (the platform refuses
// more than 1024): windows merged while the platform was away keep the
// IPs seen first.
const maxNotFoundIPs = 1000

// merge combines two consecutive metric windows.
func merge(a, b *wire.Metrics) *wire.Metrics {
	out := &wire.Metrics{
		WindowStartUnixMs: a.WindowStartUnixMs,
		WindowEndUnixMs:   b.WindowEndUnixMs,
		Requests:          a.Requests + b.Requests,
		BlockedRequests:   a.BlockedRequests + b.BlockedRequests,
		BudgetOverruns:    a.BudgetOverruns + b.BudgetOverruns,
		Panics:            a.Panics + b.Panics,
		EventsDropped:     a.EventsDropped + b.EventsDropped,
		NotFoundByIp:      map[string]int64{},
	}
	hooks := map[string]*wire.HookTiming{}
	var order []string
	for _, h := range append(append([]*wire.HookTiming{}, a.Hooks...), b.Hooks...) {
		cur, ok := hooks[h.HookPoint]
		if !ok {
			hooks[h.HookPoint] = &wire.HookTiming{HookPoint: h.HookPoint, Calls: h.Calls, P50Ns: h.P50Ns, P99Ns: h.P99Ns}
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
