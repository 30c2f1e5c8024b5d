// Package agentapi serves the agents' gRPC API (wire.AgentService) on the
// store: token authentication scoped to one app, input validation with
// errors naming the field, per-instance rate limits, idempotent heartbeat
// ingestion and command delivery after the agent's cursor.
//
// # Status codes
//
//   - Unauthenticated: no token, or a token of no app.
//   - InvalidArgument: a field failed validation; the message names it
//     (e.g. "events[3].request.client_ip: not an IP address"). Nothing of the
//     request is stored.
//   - ResourceExhausted: the instance calls faster than its rate limit.
//   - Unavailable: the store failed; the agent retries the same batch.
//
// A heartbeat from an instance the platform does not know (its database
// was reset, or it never logged in) gets Relogin=true and no batch ack: the
// agent logs in again and resends the batch.
package agentapi
