package testscripts

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// goEnv returns the value of a go env variable.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds real programs; not in -short mode")
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	// A salt of its own: the scripts check what an instrumented build
	// compiled, which a run of the same code before this one would
	// otherwise have left in the shared build cache ("up to date").
	salt := fmt.Sprintf("-X github.com/sqreen-go/sqreen/instrument/toolexec.CacheSalt=test%d.%d", os.Getpid(), time.Now().UnixNano())
	build := exec.Command("go", "build", "-ldflags", salt, "-o", filepath.Join(bin, "sqreen-build"), "./cmd/sqreen-build")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building sqreen-build: %v\n%s", err, out)
	}
	env := map[string]string{}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPROXY", "GOROOT", "GOSUMDB", "GOTOOLCHAIN"} {
		env[k] = goEnv(t, k)
	}
	all := os.Getenv("SQREEN_TESTSCRIPTS_ALL") == "1"
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Setup: func(e *testscript.Env) error {
			for k, v := range env {
				e.Setenv(k, v)
			}
			e.Setenv("PATH", bin+string(os.PathListSeparator)+filepath.Join(env["GOROOT"], "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
			e.Setenv("SQREEN_RUNTIME_DIR", filepath.Join(repo, "runtime"))
			e.Setenv("GOFLAGS", "-buildvcs=false")
			e.Setenv("SQREEN_TEST_POSTGRES", os.Getenv("SQREEN_TEST_POSTGRES"))
			e.Setenv("RECORDER", filepath.Join(repo, "testscripts", "recorder"))
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "all":
				return all, nil
			case "sqlx":
				return all || os.Getenv("SQREEN_TESTSCRIPTS_SQLX") == "1", nil
			case "postgres":
				return os.Getenv("SQREEN_TEST_POSTGRES") != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"install-recorder": installRecorder,
			"copymod":          copyModule,
			"replace":          replaceInFile,
		},
		RequireExplicitExec: true,
	})
}

// installRecorder replaces the implementation of the pinned runtime's
// hooks package (everything but its contract, linkname and sites files) with
// recorder/stub.go.in.
func installRecorder(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: install-recorder")
	}
	dir := ts.MkAbs(".sqreen/runtime/hooks")
	entries, err := os.ReadDir(dir)
	ts.Check(err)
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, ".go") && n != "doc.go" && n != "hooks.go" && !strings.HasPrefix(n, "linkname") && !strings.HasPrefix(n, "sites") {
			ts.Check(os.Remove(filepath.Join(dir, n)))
		}
	}
	src, err := os.ReadFile(filepath.Join(ts.Getenv("RECORDER"), "stub.go.in"))
	ts.Check(err)
	ts.Check(os.WriteFile(filepath.Join(dir, "recorder.go"), src, 0o644))
}

// copyModule copies a module from the module cache (copymod path@version
// dir), writable, to run its tests as if it were the user's module.
func copyModule(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: copymod module@version dir")
	}
	mod, version, _ := strings.Cut(args[0], "@")
	out, err := exec.Command("go", "mod", "download", "-json", args[0]).Output()
	ts.Check(err)
	var info struct{ Dir string }
	ts.Check(json.Unmarshal(out, &info))
	if info.Dir == "" {
		ts.Fatalf("go mod download %s@%s: no folder", mod, version)
	}
	dst := ts.MkAbs(args[1])
	ts.Check(filepath.WalkDir(info.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(info.Dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	}))
}

// replaceInFile replaces text in a file (replace old new file); the old
// text must be there.
func replaceInFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace old new file")
	}
	path := ts.MkAbs(args[2])
	data, err := os.ReadFile(path)
	ts.Check(err)
	if !strings.Contains(string(data), args[0]) {
		ts.Fatalf("%s does not contain %q", args[2], args[0])
	}
	ts.Check(os.WriteFile(path, []byte(strings.ReplaceAll(string(data), args[0], args[1])), 0o644))
}
