package wiremsg

import (
	"testing"

	"github.com/sqreen-go/sqreen/runtime/wire"
)

// TestEnumStrings: the enums print as the generated ones, known values and
// unknown alike.
func TestEnumStrings(t *testing.T) {
	for v := int32(-1); v <= 5; v++ {
		if got, want := EventKind(v).String(), wire.EventKind(v).String(); got != want {
			t.Errorf("EventKind(%d) = %q, want %q", v, got, want)
		}
		if got, want := BlockKind(v).String(), wire.BlockKind(v).String(); got != want {
			t.Errorf("BlockKind(%d) = %q, want %q", v, got, want)
		}
		if got, want := Mode(v).String(), wire.Mode(v).String(); got != want {
			t.Errorf("Mode(%d) = %q, want %q", v, got, want)
		}
	}
}
