package agent

import (
	"testing"
	"unsafe"
)

// The per-request state is one allocation. Past 512 bytes an object with
// pointers carries an 8-byte malloc header and takes the 576-byte size
// class (64 bytes more garbage per request). It holds the writer's
// security header values (80 bytes, which were a 96-byte allocation of
// their own) and the text of the client IP (16 bytes, which were
// allocated when the rules read it).
func TestEntryFitsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(entry{}); n > 512 {
		t.Errorf("entry is %d bytes, want <= 512 (reorder fields of reqctx.Request, respond.Writer or entry to drop padding)", n)
	}
}
