package agent

import (
	"testing"
	"unsafe"
)

// The per-request state is one allocation. Past 512 bytes an object with
// pointers carries an 8-byte malloc header, so up to 568 bytes it takes
// the 576-byte size class, and past that the 640-byte one (64 bytes more
// garbage per request). It was 512 bytes before the writer kept the
// security headers' values (80 bytes, which were a 96-byte allocation of
// their own) and the request the text of the client IP (16 bytes, which
// were allocated when the rules read it): 2 allocations and 48 bytes less
// per request.
func TestEntryFitsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(entry{}); n > 568 {
		t.Errorf("entry is %d bytes, want <= 568 (reorder fields of reqctx.Request, respond.Writer or entry to drop padding)", n)
	}
}
