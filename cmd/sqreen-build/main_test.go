package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	dir := t.TempDir()
	if got := summary(dir); !strings.Contains(got, "up to date (from the build cache)") {
		t.Errorf("empty summary = %q", got)
	}
	os.WriteFile(filepath.Join(dir, "os-1.json"), []byte(`[{"point":"file.open"},{"point":"file.open"},{"point":"exec"}]`), 0o644)
	os.WriteFile(filepath.Join(dir, "net_http-2.json"), []byte(`[{"point":"http.server"}]`), 0o644)
	os.WriteFile(filepath.Join(dir, "broken-3.json"), []byte(`{`), 0o644)
	want := "sqreen-build: instrumented exec=1 file.open=2 http.server=1"
	if got := summary(dir); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func TestGoCommandErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "usage: sqreen-build go build|install|run|test|vet"},
		{[]string{"generate"}, "usage: sqreen-build go"},
		{[]string{"build", "-toolexec", "x", "."}, "-toolexec: sqreen-build sets it"},
		{[]string{"test", "-toolexec=x"}, "-toolexec: sqreen-build sets it"},
	}
	for _, tt := range tests {
		err := goCommand(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("goCommand(%q) = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestVerbose(t *testing.T) {
	for args, want := range map[string]bool{"-v .": true, "-x ./...": true, ". -args -v": false, "-race .": false} {
		if got := verbose(strings.Fields(args)); got != want {
			t.Errorf("verbose(%q) = %v", args, got)
		}
	}
}

func TestRunUnknownCommand(t *testing.T) {
	if code := run([]string{"frobnicate"}); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	if code := run(nil); code != 2 {
		t.Errorf("no arguments: exit code %d, want 2", code)
	}
}
