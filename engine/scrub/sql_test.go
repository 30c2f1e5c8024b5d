package scrub

import (
	"testing"

	"github.com/sqreen-go/sqreen/engine/sqltoken"
)

func TestScrubSQL(t *testing.T) {
	tests := []struct {
		query string
		d     sqltoken.Dialect
		keep  string
		want  string
	}{
		{"INSERT INTO users (email, password) VALUES ('a@b.co', 'p4ss')", sqltoken.PostgreSQL, "",
			"INSERT INTO users (email, password) VALUES ('" + R + "', '" + R + "')"},
		{"insert into users (name, password_hash, role) values ('bob', md5('x'), 'user'), ('eve', E'y\\'z', 'admin')", sqltoken.PostgreSQL, "",
			"insert into users (name, password_hash, role) values ('bob', " + R + ", 'user'), ('eve', " + R + ", 'admin')"}, // an escaped quote inside: the whole literal
		{"INSERT INTO `accounts` (`login`, `api_key`) VALUES (\"bob\", \"k-1\") ON DUPLICATE KEY UPDATE api_key = \"k-2\"", sqltoken.MySQL, "",
			"INSERT INTO `accounts` (`login`, `api_key`) VALUES (\"bob\", \"" + R + "\") ON DUPLICATE KEY UPDATE api_key = \"" + R + "\""},
		{`INSERT INTO "s"."t" ("Token", "n") VALUES ($1, 2)`, sqltoken.PostgreSQL, "",
			`INSERT INTO "s"."t" ("Token", "n") VALUES (` + R + `, 2)`},
		// Without a column list, positions cannot be named.
		{"INSERT INTO users VALUES ('bob', 'x')", sqltoken.SQLite, "", "INSERT INTO users VALUES ('bob', 'x')"},
		{"INSERT INTO t (a) SELECT password FROM u", sqltoken.Generic, "", "INSERT INTO t (a) SELECT password FROM u"},
		// The injection is kept even in a sensitive column.
		{"INSERT INTO users (name, password) VALUES ('bob', 'x'), ('admin', 'pw')--')", sqltoken.PostgreSQL, "x'), ('admin', 'pw')--",
			"INSERT INTO users (name, password) VALUES ('bob', 'x'), ('admin', 'pw')--')"},
		// Unterminated and truncated queries do not break anything.
		{"INSERT INTO users (name, password) VALUES ('bob', 'unterminated", sqltoken.PostgreSQL, "",
			"INSERT INTO users (name, password) VALUES ('bob', " + R},
		{"INSERT INTO users (password", sqltoken.PostgreSQL, "", "INSERT INTO users (password"},
		// No INSERT: the same as ScrubEvidence.
		{"SELECT * FROM users WHERE email = 'bob@example.com' AND password = 'x'", sqltoken.PostgreSQL, "",
			"SELECT * FROM users WHERE email = '" + R + "' AND password = '" + R + "'"},
		{"SELECT 1", sqltoken.PostgreSQL, "", "SELECT 1"},
	}
	s := Default()
	for _, tt := range tests {
		if got := s.ScrubSQL(tt.query, tt.d, tt.keep); got != tt.want {
			t.Errorf("ScrubSQL(%q, %v, %q)\n got %q\nwant %q", tt.query, tt.d, tt.keep, got, tt.want)
		}
	}
}

// FuzzScrubSQL checks that ScrubSQL never panics, leaves no secret and is
// idempotent.
func FuzzScrubSQL(f *testing.F) {
	f.Add("INSERT INTO users (email, password) VALUES ('a@b.co', 'p4ss'), ('c', md5('x'))")
	f.Add("replace into t (token) value ('x'")
	f.Add("INSERT INTO t (a, b) VALUES ((1), ')")
	s := Default()
	f.Fuzz(func(t *testing.T, q string) {
		for _, d := range []sqltoken.Dialect{sqltoken.PostgreSQL, sqltoken.MySQL} {
			out := s.ScrubSQL(q, d, "")
			if spans := s.secretSpans(out, allParts, nil); len(spans) > 0 {
				t.Fatalf("ScrubSQL(%q) = %q still holds %q", q, out, out[spans[0].start:spans[0].end])
			}
			if again := s.ScrubSQL(out, d, ""); again != out {
				t.Fatalf("ScrubSQL not idempotent on %q: %q then %q", q, out, again)
			}
		}
	})
}

func BenchmarkScrubSQL(b *testing.B) {
	s := Default()
	for _, c := range []struct{ name, q string }{
		{"select", "SELECT id, name FROM products WHERE category = 'shoes' ORDER BY price LIMIT 20"},
		{"insert", "INSERT INTO users (name, email, password_hash) VALUES ('bob', 'bob@example.com', '$2a$10$abcdefghijk')"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.ScrubSQL(c.q, sqltoken.PostgreSQL, "")
			}
		})
	}
}
