package rasp

import (
	"strings"
	"testing"
)

// sqlBenchQuery is a typical ~150-byte query with a user value in a
// string literal.
const sqlBenchQuery = "SELECT id, name, email, created_at FROM users WHERE email = 'john.doe@example.com' AND status IN (1, 2, 3) AND deleted_at IS NULL ORDER BY created_at DESC"

func BenchmarkSQLInjection(b *testing.B) {
	cases := []struct {
		name, query, input string
	}{
		{"absent", sqlBenchQuery, "jane.roe@example.org"},
		{"in_literal", sqlBenchQuery, "john.doe@example.com"},
		{"in_literal_at_end", "SELECT id, name, email, created_at FROM users WHERE status IN (1, 2, 3) AND deleted_at IS NULL AND tenant_id = 42 AND email = 'john.doe@example.com'", "john.doe@example.com"},
		{"escaped_quote", strings.Replace(sqlBenchQuery, "john.doe@example.com", "o''reilly@example.com", 1), "o'reilly@example.com"},
		{"attack", strings.Replace(sqlBenchQuery, "john.doe@example.com", "x' OR 1=1 --", 1), "x' OR 1=1 --"},
	}
	for _, bc := range cases {
		for _, d := range []string{"postgresql", "mysql"} {
			b.Run(bc.name+"/"+d, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					SQLInjection(bc.query, bc.input, d)
				}
			})
		}
	}
}
