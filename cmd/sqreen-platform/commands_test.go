package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/platform/store"
)

func TestCommands(t *testing.T) {
	db := "sqlite://" + t.TempDir() + "/p.db"
	tests := []struct {
		args     []string
		stdin    string
		wantCode int
		wantOut  string // regexp on stdout
		wantErr  string // substring of stderr
	}{
		{[]string{"migrate", "--db", db}, "", 0, `applied 0001_init`, ""},
		{[]string{"migrate", "--db", db}, "", 0, `schema is up to date`, ""},
		{[]string{"app", "create", "--db", db, "shop"}, "", 0, `SQREEN_TOKEN=sqa_[A-Za-z0-9_-]{43}`, ""},
		{[]string{"app", "create", "--db", db, "shop"}, "", 1, ``, `app "shop": already exists`},
		{[]string{"app", "create", "--db", db, "bad name"}, "", 1, ``, `app name "bad name"`},
		{[]string{"user", "create", "--db", db, "--name", "alice", "--role", "admin"}, "correct horse\n", 0, `user "alice" created with role admin`, ""},
		{[]string{"user", "create", "--db", db, "--name", "bob", "--role", "root"}, "correct horse\n", 1, ``, `role "root"`},
		{[]string{"token", "create", "--db", db, "--name", "ci"}, "", 0, `Bearer sqt_`, ""},
		{[]string{"serve", "--db", db, "--retention", "-1h"}, "", 1, ``, `--retention -1h0m0s: must be positive`},
		{[]string{"serve", "--db", db, "--max-queue-wait", "-5ms"}, "", 1, ``, `--max-queue-wait -5ms: must be 0 (never refuse) or positive`},
		{[]string{"serve", "--db", db, "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--pprof-addr", "127.0.0.1:x"}, "", 1, ``, `--pprof-addr: listen tcp: `},
		{[]string{"serve", "--db", "mysql://x"}, "", 1, ``, `unknown scheme "mysql"`},
		{[]string{"frobnicate"}, "", 2, ``, `unknown command "frobnicate"`},
		{nil, "", 2, ``, `usage: sqreen-platform`},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(context.Background(), tt.args, strings.NewReader(tt.stdin), &out, &errOut)
		if code != tt.wantCode || !regexp.MustCompile(tt.wantOut).MatchString(out.String()) || !strings.Contains(errOut.String(), tt.wantErr) {
			t.Errorf("run(%q) = %d\nstdout: %s\nstderr: %s\nwant %d, stdout ~ %q, stderr containing %q",
				tt.args, code, out.String(), errOut.String(), tt.wantCode, tt.wantOut, tt.wantErr)
		}
	}
	// The printed token opens the app; the password was stored hashed.
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Authenticate(context.Background(), "alice", "correct horse"); err != nil {
		t.Errorf("alice cannot log in: %v", err)
	}
}
