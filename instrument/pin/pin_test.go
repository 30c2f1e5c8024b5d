package pin

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	if _, err := Inspect(dir); !errors.Is(err, ErrNoModule) || !strings.Contains(err.Error(), "go mod init") {
		t.Fatalf("folder without go.mod: err = %v", err)
	}
	write(t, filepath.Join(dir, "go.mod"), "module x\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "sub", "a.go"), "package sub\n")
	st, err := Inspect(filepath.Join(dir, "sub"))
	if err != nil || st.Pinned || st.Root != dir {
		t.Fatalf("Inspect = %+v, %v", st, err)
	}
	write(t, filepath.Join(dir, "go.mod"), "module x\n\nrequire (\n\tgithub.com/sqreen-go/sqreen/runtime v0.0.0\n)\n")
	if st, err := Inspect(dir); err != nil || !st.Pinned {
		t.Fatalf("pinned module: Inspect = %+v, %v", st, err)
	}
	// The runtime's own module: "sqreen-build go test" of its benchmarks
	// must not pin it into itself.
	write(t, filepath.Join(dir, "go.mod"), "module "+RuntimeModule+"\n\ngo 1.26\n")
	if st, err := Inspect(dir); err != nil || !st.Pinned {
		t.Fatalf("the runtime's module: Inspect = %+v, %v", st, err)
	}
}

// fakeRepo writes a runtime and an engine module whose hooks speak abi.
func fakeRepo(t *testing.T) string {
	root := t.TempDir()
	write(t, filepath.Join(root, "runtime", "go.mod"), "module "+RuntimeModule+"\n")
	write(t, filepath.Join(root, "runtime", "hooks", "hooks.go"), "package hooks\n\nconst ABIVersion = 7\n")
	write(t, filepath.Join(root, "runtime", "hooks", "hooks_test.go"), "package hooks\n")
	write(t, filepath.Join(root, "engine", "go.mod"), "module "+EngineModule+"\n")
	return root
}

func TestSourceFromEnvironment(t *testing.T) {
	root := fakeRepo(t)
	t.Setenv("SQREEN_RUNTIME_DIR", filepath.Join(root, "runtime"))
	rt, en, err := Source()
	if err != nil || rt != filepath.Join(root, "runtime") || en != filepath.Join(root, "engine") {
		t.Fatalf("Source() = %q, %q, %v", rt, en, err)
	}
	t.Setenv("SQREEN_RUNTIME_DIR", filepath.Join(root, "nowhere"))
	if _, _, err := Source(); err == nil || !strings.Contains(err.Error(), "SQREEN_RUNTIME_DIR") {
		t.Fatalf("bad SQREEN_RUNTIME_DIR: err = %v", err)
	}
}

func TestPinRefusesVersionSkew(t *testing.T) {
	root := fakeRepo(t)
	t.Setenv("SQREEN_RUNTIME_DIR", filepath.Join(root, "runtime"))
	app := t.TempDir()
	write(t, filepath.Join(app, "go.mod"), "module app\n\ngo 1.26\n")
	readABI := func(string) (int, error) { return 7, nil }
	_, err := Pin(app, 1, readABI)
	if err == nil || !strings.Contains(err.Error(), "version skew") || !strings.Contains(err.Error(), "ABI v7") {
		t.Fatalf("Pin with a skewed runtime: err = %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(app, "go.mod")); strings.Contains(string(data), "sqreen") {
		t.Fatalf("go.mod changed despite the error:\n%s", data)
	}
}

func TestCopyModuleLeavesTestsOut(t *testing.T) {
	root := fakeRepo(t)
	dst := filepath.Join(t.TempDir(), "copy")
	if err := copyModule(filepath.Join(root, "runtime"), dst); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "hooks", "hooks.go")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "hooks", "hooks_test.go")); err == nil {
		t.Error("a test file was copied")
	}
}

func TestAddedLines(t *testing.T) {
	got := addedLines([]byte("module x\n\ngo 1.26\n"), []byte("module x\n\ngo 1.26\n\nrequire a v1\n"))
	if strings.Join(got, "|") != "require a v1" {
		t.Fatalf("addedLines = %q", got)
	}
}
