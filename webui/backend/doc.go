// Package backend is the contract between the dashboard (package webui), the
// JSON API (package platform/httpapi) and the platform's store.
//
// It holds the data types the dashboard shows and the Backend interface it
// reads and changes them through, and nothing else: no HTTP, no SQL. The
// platform satisfies Backend with an adapter over its store
// (webui/storebackend); tests and the browser tests use the in-memory
// implementation in webui/backend/memory.
//
// # Conventions
//
//   - Every method takes a context first and returns errors wrapped with %w;
//     "not found" is reported as ErrNotFound, a bad argument as an
//     *InputError naming the field, so that the HTTP layers map them to 404
//     and 400 in one place without showing internal text.
//   - Strings in Event and its Request are attacker-controlled and already
//     scrubbed by the agent; the HTTP layers render them as text only.
//   - Lists are paged with Page and return the total count of matches.
package backend
