package store

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url         string
		wantDialect Dialect
		wantIn      []string // substrings of the driver DSN
		wantOut     []string // not in it
		wantErr     string
	}{
		{"sqlite://p.db", SQLite, []string{"file:p.db?", "busy_timeout%2810000%29", "journal_mode%28WAL%29", "_txlock=immediate", "cache_size%28-65536%29"}, nil, ""},
		{"sqlite://p.db?_pragma=cache_size(-2000)", SQLite, []string{"cache_size%28-2000%29"}, []string{"cache_size%28-65536%29"}, ""},
		{"sqlite://p.db?_pragma=busy_timeout(250)", SQLite, []string{"busy_timeout%28250%29"}, []string{"busy_timeout%2810000%29"}, ""},
		{"sqlite://:memory:", SQLite, []string{"file::memory:?"}, []string{"journal_mode"}, ""},
		{"postgres://u@h/db?sslmode=disable", Postgres, []string{"postgres://u@h/db?sslmode=disable"}, nil, ""},
		{"sqlite://", "", nil, nil, "missing file name"},
		{"mysql://x", "", nil, nil, `unknown scheme "mysql"`},
		{"p.db", "", nil, nil, "want sqlite://FILE"},
	}
	for _, tt := range tests {
		d, _, dsn, err := parseURL(tt.url)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err %v, want %q", tt.url, err, tt.wantErr)
			}
			continue
		}
		if err != nil || d != tt.wantDialect {
			t.Errorf("%s: %s, %v", tt.url, d, err)
			continue
		}
		for _, s := range tt.wantIn {
			if !strings.Contains(dsn, s) {
				t.Errorf("%s: DSN %q lacks %q", tt.url, dsn, s)
			}
		}
		for _, s := range tt.wantOut {
			if strings.Contains(dsn, s) {
				t.Errorf("%s: DSN %q has %q", tt.url, dsn, s)
			}
		}
	}
}

func TestReaderDSN(t *testing.T) {
	_, _, dsn, _ := parseURL("sqlite://p.db")
	r, ok := readerDSN(SQLite, dsn)
	if !ok || !strings.Contains(r, "query_only%281%29") || strings.Contains(r, "_txlock") || !strings.HasPrefix(r, "file:p.db?") {
		t.Errorf("reader DSN of %q = %q, %t; want query_only, no _txlock", dsn, r, ok)
	}
	_, _, mem, _ := parseURL("sqlite://:memory:")
	if r, ok := readerDSN(SQLite, mem); ok {
		t.Errorf(":memory: got a reader DSN %q; want none (the writer's connection holds the database)", r)
	}
	if r, ok := readerDSN(Postgres, "postgres://u@h/db"); ok {
		t.Errorf("postgres got a reader DSN %q; want none", r)
	}
}
