// Package webhook delivers the platform's outgoing notifications (attacks,
// playbook firings) to the webhooks registered in the store: each
// delivery is a JSON POST signed with HMAC-SHA256 of the body under the
// webhook's secret (header X-Sqreen-Signature: sha256=HEX), retried with
// exponential backoff (30 s doubling, 8 attempts) and logged in the store.
package webhook
