package agent

import (
	"reflect"
	"testing"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/respond"
)

// The code PrefetchPage loads holds the functions a page's request runs
// from its template on (bench/footprint's list), and is about their
// size: a few spans, not the whole binary.
func TestPageCode(t *testing.T) {
	lines, spans := pageCode.Lines(), pageCode.Spans()
	if lines < 20 || lines > 400 {
		t.Errorf("%d lines of code, want 20 to 400 (bench/footprint: the path reads ~75)", lines)
	}
	if spans < 1 || spans > 40 {
		t.Errorf("%d spans for %d lines, want 1 to 40", spans, lines)
	}
	for name, fn := range map[string]any{
		"Writer.Write": (*respond.Writer).Write, "Writer.Finish": (*respond.Writer).Finish,
		"CheckTemplate": (*Agent).CheckTemplate, "endServer": endServer,
		"the template's raw input walk": rules.RawInputCode()[0],
	} {
		if !pageCode.Holds(reflect.ValueOf(fn).Pointer()) {
			t.Errorf("%s is not in the code prefetched", name)
		}
	}
	PrefetchPage() // runs, on whatever architecture
}
