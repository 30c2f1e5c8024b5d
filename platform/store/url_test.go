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
		{"sqlite://p.db", SQLite, []string{"file:p.db?", "busy_timeout%2810000%29", "journal_mode%28WAL%29", "_txlock=immediate"}, nil, ""},
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
