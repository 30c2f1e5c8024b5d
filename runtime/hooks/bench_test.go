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

// Every sink hook's no-op path.
func BenchmarkNoRequest(b *testing.B) {
	newTestAgent(b, false)
	ctx := context.Background()
	argv := []string{"ls", "-l"}
	var sink strings.Builder
	for _, bc := range []struct {
		name string
		call func() error
	}{
		{"sql", func() error { return SQLDialect(ctx, "postgresql", "SELECT 1") }},
		{"exec", func() error { return Exec("/bin/ls", argv) }},
		{"file", func() error { return File("open", "/etc/hosts", 0) }},
		{"dial", func() error { return Dial(ctx, "tcp", "127.0.0.1:80") }},
		{"template", func() error {
			if w, done := TemplateBegin(&sink, "t"); w != &sink || done != nil {
				b.Fatal("template hook wrapped the writer")
			}
			return nil
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.call(); err != nil {
					b.Fatal(err)
				}
			}
		})
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
