// Package heartbeat is the agent's client of the platform: it logs in,
// then sends a heartbeat every interval (20 s unless the platform says
// otherwise) with the metrics and an idempotent batch of events, and
// applies the commands of the replies to the agent.
//
// # Guarantees
//
//   - It never blocks the app: Start returns at once and everything runs in
//     one goroutine that talks to the agent only through the Agent
//     interface (drain events, read metrics, apply a command).
//   - A batch keeps its id and its content, events and metrics, until the
//     platform acknowledges it, and is resent unchanged after a timeout or
//     an error, so the platform stores it once and nothing acknowledged is
//     lost. Metrics and events that come while a batch is in flight wait
//     for the next one: a resend whose first try was stored (its answer
//     lost) is a duplicate the platform ignores, and must not carry them.
//   - Memory is bounded: events wait in a backlog of MaxBacklog; when the
//     platform is away long the oldest are dropped and counted in the
//     metrics' events_dropped. Metrics of the windows that waited are merged
//     into one.
//   - A failed login (the platform down at start, a wrong address) is
//     retried forever with exponential backoff and jitter; the app runs on
//     its embedded rules meanwhile.
//   - Every RPC has a timeout; TLS uses the system roots or a CA file; the
//     app token travels as "authorization: Bearer" metadata. The calls go
//     through runtime/internal/grpcclient (gRPC on net/http, one reused
//     HTTP/2 connection), not grpc-go, which the agent does not link.
//
// # Errors from the platform
//
// Unavailable, DeadlineExceeded, ResourceExhausted, Unauthenticated and
// unknown errors: keep the batch, back off, retry. InvalidArgument: the
// platform will never accept this batch; it is dropped and counted, or the
// agent would be stuck forever. Relogin in a reply: log in again, then
// resend the batch.
package heartbeat
