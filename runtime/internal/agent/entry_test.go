package agent

import (
	"testing"
	"unsafe"
)

// The per-request state is one allocation; past 512 bytes it moves to the
// 576-byte size class (64 bytes more garbage per request).
func TestEntryFitsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(entry{}); n > 512 {
		t.Errorf("entry is %d bytes, want <= 512 (reorder fields of reqctx.Request, respond.Writer or entry to drop padding)", n)
	}
}
