package agent

import (
	"fmt"
	"net/http"
	"testing"
	"unsafe"

	"github.com/sqreen-go/sqreen/engine/rules"
)

// The per-request state is one allocation. Past 512 bytes an object with
// pointers carries an 8-byte malloc header and takes the 576-byte size
// class (64 bytes more garbage per request). It holds the writer's
// security header values (80 bytes, which were a 96-byte allocation of
// their own) and the text of the client IP (16 bytes, which were
// allocated when the rules read it).
func TestEntryFitsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(entry{}); n > 480 {
		t.Errorf("entry is %d bytes, want <= 480, its size class (reorder fields of reqctx.Request, respond.Writer or entry to drop padding)", n)
	}
}

// The fields every request's entry reads lie in the first two cache lines
// of the agent's block: its size class (640 bytes, 10 lines) keeps blocks
// 64-byte aligned, and past 512 bytes the block starts with an 8-byte
// malloc header.
func TestAgentHotFieldsFirst(t *testing.T) {
	const header = 8
	var a Agent
	size := unsafe.Sizeof(a) + header
	if size > 640 || size <= 576 {
		t.Errorf("Agent is %d bytes with its header, want in (576, 640]: change the comment on its hot fields, and check its class keeps 64-byte alignment", size)
	}
	if end := header + unsafe.Offsetof(a.bodyLimit) + unsafe.Sizeof(a.bodyLimit); end > 128 {
		t.Errorf("the entry's fields end at byte %d of the agent's block, want <= 128 (two lines)", end)
	}
}

// Each view with room for inputs (see newView) fills its size class and
// no more: past 512 bytes an object with pointers carries an 8-byte
// malloc header, and a byte too many moves it to the next class (64 to
// 128 bytes more garbage per request). The plain view must leave room for
// four inputs in 512 bytes.
func TestViewsFillSizeClasses(t *testing.T) {
	const header = 8
	input := unsafe.Sizeof(rules.InputValue{})
	for _, tt := range []struct {
		name        string
		size, class uintptr
		room        int
	}{
		{"view4", unsafe.Sizeof(view4{}), 512, 4},
		{"view6", unsafe.Sizeof(view6{}) + header, 640, 6},
		{"view9", unsafe.Sizeof(view9{}) + header, 768, 9},
		{"view14", unsafe.Sizeof(view14{}) + header, 1024, 14},
	} {
		if tt.size > tt.class {
			t.Errorf("%s is %d bytes with its header, want <= %d (shrink rules.Request or the room)", tt.name, tt.size, tt.class)
		}
		if tt.size+input <= tt.class {
			t.Errorf("%s is %d bytes with its header: room for one more input in its %d-byte class", tt.name, tt.size, tt.class)
		}
		// room inputs are listed inside the view's own allocation.
		w := newView(tt.room)
		h := http.Header{}
		for i := range tt.room {
			h.Set(fmt.Sprintf("X-H%d", i), "v")
		}
		w.FromRaw, w.Header = true, h
		in := w.Inputs()
		start, at := uintptr(unsafe.Pointer(w)), uintptr(unsafe.Pointer(&in[0]))
		if len(in) != tt.room || at < start || at >= start+tt.size {
			t.Errorf("newView(%d): %d inputs, listed outside the view", tt.room, len(in))
		}
	}
}
