package reqctx

// The functions of this package that a protected request runs from its
// template on, as function values, in the order they run (see the
// agent's PrefetchPage).

// PageCode is the template's: the request found.
func PageCode() []any { return []any{OfGoroutine, (*Request).Blocked, (*Request).HasBody} }

// EndCode is the end's.
func EndCode() []any { return []any{(*Request).Blocker, (*Request).Release} }
