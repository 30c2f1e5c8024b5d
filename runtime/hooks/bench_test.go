package hooks

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// The no-op path: no request in flight.
func BenchmarkSQLNoRequest(b *testing.B) {
	newTestAgent(b, false)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := SQL(ctx, nil, "SELECT 1"); err != nil {
			b.Fatal(err)
		}
	}
}

// A sql hook with a request in flight carrying 10 inputs, benign query.
func BenchmarkSQLInFlight10Inputs(b *testing.B) {
	a := newTestAgent(b, false)
	var q []string
	for i := range 10 {
		q = append(q, fmt.Sprintf("p%d=value%d", i, i))
	}
	r, _, _, end := inFlight(b, a, "/search?"+strings.Join(q, "&"))
	defer end()
	ctx := r.Context()
	query := "SELECT id, name FROM products WHERE category = 'value3' AND price < 100 ORDER BY name LIMIT 20"
	b.ReportAllocs()
	for b.Loop() {
		if err := SQLDialect(ctx, "postgresql", query); err != nil {
			b.Fatal(err)
		}
	}
}
