package sqltoken

import "testing"

const benchQuery = "SELECT id, name, email, created_at FROM users WHERE name = 'O''Reilly' AND status IN (1, 2, 3) AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 10"

func BenchmarkTokenize(b *testing.B) {
	for _, d := range []Dialect{PostgreSQL, MySQL} {
		b.Run(d.String(), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(benchQuery)))
			for b.Loop() {
				tz := New(benchQuery, d)
				for {
					if _, ok := tz.Next(); !ok {
						break
					}
				}
			}
		})
	}
}

func BenchmarkIsKeyword(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		IsKeyword("created_at")
		IsKeyword("SELECT")
	}
}

// BenchmarkSkipTo skips to the last token of the query: the cost of
// reaching an input at the end.
func BenchmarkSkipTo(b *testing.B) {
	for _, d := range []Dialect{PostgreSQL, MySQL} {
		b.Run(d.String(), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(benchQuery)))
			for b.Loop() {
				tz := New(benchQuery, d)
				tz.SkipTo(len(benchQuery) - 1)
			}
		})
	}
}
