package scrub

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

func TestNormalizeSubtract(t *testing.T) {
	spans := normalize([]span{{10, 20}, {0, 5}, {5, 7}, {15, 25}, {30, 31}})
	if want := []span{{0, 7}, {10, 25}, {30, 31}}; !reflect.DeepEqual(spans, want) {
		t.Fatalf("normalize = %v; want %v", spans, want)
	}
	tests := []struct {
		cut, want []span
	}{
		{nil, []span{{0, 7}, {10, 25}, {30, 31}}},
		{[]span{{2, 3}}, []span{{0, 2}, {3, 7}, {10, 25}, {30, 31}}},
		{[]span{{5, 12}, {20, 30}}, []span{{0, 5}, {12, 20}, {30, 31}}},
		{[]span{{0, 40}}, nil},
		{[]span{{7, 10}, {25, 30}}, []span{{0, 7}, {10, 25}, {30, 31}}},
	}
	for _, tt := range tests {
		if got := subtract(spans, tt.cut); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("subtract(%v, %v) = %v; want %v", spans, tt.cut, got, tt.want)
		}
	}
}

// TestScrubLongTexts scrubs long hostile texts whose cost would explode
// with a quadratic scan; they must finish, and still be scrubbed.
func TestScrubLongTexts(t *testing.T) {
	s := Default()
	for _, unit := range []string{"password=", "a='a=", "x@y.io ", "token: a=b ", "4111111111111111 "} {
		text := strings.Repeat(unit, 20000)
		out := s.ScrubEvidence(text, "a")
		if strings.Contains(out, "x@y.io") || strings.Contains(out, "4111111111111111") {
			t.Errorf("secret left in %q...", out[:60])
		}
	}
	q := "INSERT INTO u (password) VALUES " + strings.Repeat("('x'),", 20000) + "('y')"
	if out := s.ScrubSQL(q, sqltoken.Generic, ""); strings.Contains(out, "'x'") || strings.Contains(out, "'y'") {
		t.Error("INSERT values left in a long query")
	}
}
