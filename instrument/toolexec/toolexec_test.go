package toolexec

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

func TestForwardedFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-race", "-o", "app", "./cmd/..."}, "-race"},
		{[]string{"-tags", "a,b", "-trimpath", "-ldflags=-s -w", "."}, "-tags a,b -trimpath"},
		{[]string{"-cover", "-coverpkg=./...", "-run", "TestX", "-count", "1", "./..."}, "-cover -coverpkg=./..."},
		{[]string{"--race", "-gcflags", "all=-N -l", "-v"}, "--race -gcflags all=-N -l"},
		{[]string{"-mod=vendor", ".", "-args", "-race"}, "-mod=vendor"},
		{[]string{"-toolexec", "sqreen-build toolexec", "-pgo=off"}, "-toolexec sqreen-build toolexec -pgo=off"},
	}
	for _, tt := range tests {
		if got := strings.Join(ForwardedFlags(tt.args), " "); got != tt.want {
			t.Errorf("ForwardedFlags(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestGoFlagsSkipsSubcommand(t *testing.T) {
	got := goFlags([]string{"/usr/local/go/bin/go", "-C", "dir", "test", "-race", "./..."})
	if strings.Join(got, " ") != "-race" {
		t.Fatalf("goFlags = %q", got)
	}
}

func TestReplacement(t *testing.T) {
	gomod := `module x

require github.com/sqreen-go/sqreen/runtime v0.0.0

replace github.com/sqreen-go/sqreen/engine v0.0.0 => ../engine

replace (
	example.com/a => example.com/b v1.2.3
	github.com/sqreen-go/sqreen/runtime => ./.sqreen/runtime
)
`
	for mod, want := range map[string]string{
		RuntimeModule:   "./.sqreen/runtime",
		EngineModule:    "../engine",
		"example.com/a": "example.com/b@v1.2.3",
	} {
		if got, ok := replacement([]byte(gomod), mod); !ok || got != want {
			t.Errorf("replacement(%s) = %q, %v; want %q", mod, got, ok, want)
		}
	}
	if _, ok := replacement([]byte(gomod), "example.com/none"); ok {
		t.Error("found a replacement for a module without one")
	}
	if v, ok := requirement([]byte(gomod), RuntimeModule); !ok || v != "v0.0.0" {
		t.Errorf("requirement = %q, %v", v, ok)
	}
}

func TestRuntimeHashFollowsTheFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app/go.mod", "module app\nreplace github.com/sqreen-go/sqreen/runtime => ../rt\n")
	write("rt/go.mod", "module github.com/sqreen-go/sqreen/runtime\n")
	write("rt/hooks/hooks.go", "package hooks\n")
	h1 := moduleIdentity(filepath.Join(dir, "app"), RuntimeModule)
	write("rt/hooks/hooks_test.go", "package hooks\n")
	if h := moduleIdentity(filepath.Join(dir, "app"), RuntimeModule); h != h1 {
		t.Errorf("a test file changed the identity: %s != %s", h, h1)
	}
	write("rt/hooks/hooks.go", "package hooks // changed\n")
	if h := moduleIdentity(filepath.Join(dir, "app"), RuntimeModule); h == h1 || !strings.HasPrefix(h, "dir:") {
		t.Errorf("identity %s did not change with the source (was %s)", h, h1)
	}
	if got := moduleIdentity(filepath.Join(dir, "app"), EngineModule); got != "none" {
		t.Errorf("engine identity = %q, want none", got)
	}
}

func TestStampModinfo(t *testing.T) {
	const marker = "0123456789abcdef"
	info := marker + "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n" + marker
	cfg := "packagefile main=/x/_pkg_.a\nmodinfo " + strconv.Quote(info) + "\n"
	out := string(stampModinfo([]byte(cfg)))
	line := strings.Split(out, "\n")[1]
	got, err := strconv.Unquote(strings.TrimPrefix(line, "modinfo "))
	if err != nil {
		t.Fatal(err)
	}
	bi, err := debug.ParseBuildInfo(got[16 : len(got)-16])
	if err != nil {
		t.Fatalf("stamped build info does not parse: %v\n%q", err, got)
	}
	found := false
	for _, s := range bi.Settings {
		if s.Key == "sqreen-build" && s.Value == Stamp() {
			found = true
		}
	}
	if !found {
		t.Errorf("no sqreen-build setting in %v", bi.Settings)
	}
	if string(stampModinfo([]byte("packagefile a=b\n"))) != "packagefile a=b\n" {
		t.Error("an importcfg without modinfo was changed")
	}
}

func TestCheckABI(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hooks.go"), []byte("package hooks\n\nconst ABIVersion = 99\n"), 0o644)
	err := checkABI(dir)
	if err == nil || !strings.Contains(err.Error(), "hooks ABI v99") || !strings.Contains(err.Error(), "sqreen-build pin") {
		t.Fatalf("checkABI = %v", err)
	}
	if err := checkABI(filepath.Join("..", "..", "runtime", "hooks")); err != nil {
		t.Fatalf("the runtime of this repository: %v", err)
	}
}

// A vendored build and a build from the replace folder must not share
// cache entries: main's compile imports runtime/hooks behind the go
// command's back, and the two archives differ (positions).
func TestRuntimeHashSeparatesVendoredBuilds(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module app\n\ngo 1.26\n\nreplace github.com/sqreen-go/sqreen/runtime => ./.sqreen/runtime\n")
	write(".sqreen/runtime/hooks/hooks.go", "package hooks\n")
	t.Chdir(dir)
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "")
	plain := runtimeHash()

	write("vendor/modules.txt", "# github.com/sqreen-go/sqreen/runtime v0.0.0 => ./.sqreen/runtime\n")
	write("vendor/github.com/sqreen-go/sqreen/runtime/hooks/hooks.go", "package hooks\n")
	if vendorDir(dir) == "" {
		t.Skip("the go command running this test forces -mod: default vendoring cannot be tested here")
	}
	vendored := runtimeHash()
	if vendored == plain {
		t.Errorf("vendored build has the suffix of the replace-folder build (%s)", plain)
	}
	t.Setenv("GOFLAGS", "-mod=mod")
	if vendorDir(dir) != "" || runtimeHash() != plain {
		t.Errorf("-mod=mod in GOFLAGS: vendor %q, hash %s, want the replace-folder build's %s", vendorDir(dir), runtimeHash(), plain)
	}
}

func TestModFlag(t *testing.T) {
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{nil, ""},
		{[]string{"-race", "-mod=vendor"}, "vendor"},
		{[]string{"-mod", "mod", "-tags", "x"}, "mod"},
		{[]string{"--mod=readonly", "-mod=vendor"}, "vendor"},
		{[]string{"-modfile=x.mod"}, ""},
	} {
		if got := modFlag(c.flags); got != c.want {
			t.Errorf("modFlag(%q) = %q, want %q", c.flags, got, c.want)
		}
	}
}
