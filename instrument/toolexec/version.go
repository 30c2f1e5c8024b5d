package toolexec

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
	"github.com/sqreen-go/sqreen/runtime/version"
)

// Version is the version of sqreen-build: the one the runtime of the same
// repository reports to the platform.
const Version = version.Version

// Module paths of the in-app modules.
const (
	RuntimeModule = "github.com/sqreen-go/sqreen/runtime"
	EngineModule  = "github.com/sqreen-go/sqreen/engine"
	HooksPackage  = RuntimeModule + "/hooks"
)

// printVersion runs "tool -V=full" and appends our suffix to its line.
func printVersion(tool string, args []string) error {
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		return fmt.Errorf("%s -V=full: %w", filepath.Base(tool), err)
	}
	line := strings.TrimRight(string(out), "\n")
	fmt.Printf("%s %s\n", line, Suffix())
	return nil
}

// Suffix is what instrumented builds add to the tools' -V=full output. It
// changes when the tool, the hook table or the pinned in-app modules
// change, and only then.
func Suffix() string {
	return fmt.Sprintf("sqreen-build=%s,table=%s,runtime=%s", toolVersion(), hookpoint.Hash(hookpoint.Table()), runtimeHash())
}

// CacheSalt, set with -ldflags -X by a test harness, gives that build of
// sqreen-build build-cache entries of its own: tests that check what an
// instrumented build compiled then find nothing from an earlier run of the
// same code in the shared build cache.
var CacheSalt string

// CacheSaltEnv names an environment variable that does the same for the
// builds run with it set: a test that counts what one build instruments
// sets it to a value of its own, so that another test building the same
// packages at the same time cannot have compiled them first.
const CacheSaltEnv = "SQREEN_BUILD_CACHE_SALT"

// toolVersion is Version, plus a hash of this executable for development
// versions, whose code changes without a version change.
func toolVersion() string {
	if salt := os.Getenv(CacheSaltEnv); salt != "" {
		return Version + "." + CacheSalt + "." + salt
	}
	if CacheSalt != "" {
		return Version + "." + CacheSalt
	}
	if !strings.HasSuffix(Version, "-dev") {
		return Version
	}
	exe, err := os.Executable()
	if err != nil {
		return Version
	}
	f, err := os.Open(exe)
	if err != nil {
		return Version
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return Version
	}
	return Version + "." + hex.EncodeToString(h.Sum(nil))[:12]
}

// runtimeHash identifies the in-app modules the current module uses: a
// content hash of their directories when they are replaced by local copies
// (the normal case after sqreen-build pin), else their required versions;
// in a -mod=vendor build, a content hash of their vendored copies.
//
// The source folder matters, not only the content: the compile of package
// main imports runtime/hooks, which the go command does not know, so the
// cache key of main's compile does not cover the hooks archive. A main
// compiled against the runtime of vendor/ and one compiled against the
// runtime of .sqreen/ (same content, other folder, so other positions in
// the export data) would otherwise share a cache entry, and the link fails
// with a fingerprint mismatch on runtime/hooks.
func runtimeHash() string {
	dir, err := os.Getwd()
	if err != nil {
		return "unknown"
	}
	h := sha256.New()
	vendor := vendorDir(dir)
	for _, mod := range []string{RuntimeModule, EngineModule} {
		id := ""
		if vendor != "" {
			id = "vendor:" + hashDir(filepath.Join(vendor, filepath.FromSlash(mod)))
		} else {
			id = moduleIdentity(dir, mod)
		}
		fmt.Fprintf(h, "%s %s\n", mod, id)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// vendorDir returns the vendor folder the go command that started this
// tool takes modules from, or "" when it does not vendor: -mod=vendor (on
// its command line or in GOFLAGS), or no -mod and a vendor/modules.txt
// next to the go.work or go.mod above dir, as the go command decides.
func vendorDir(dir string) string {
	mode := ""
	if flags, _, err := parentCommand(); err == nil {
		mode = modFlag(flags)
	}
	if mode == "" {
		mode = modFlag(strings.Fields(os.Getenv("GOFLAGS")))
	}
	if mode != "" && mode != "vendor" {
		return ""
	}
	for d := dir; ; d = filepath.Dir(d) {
		names := []string{"go.work", "go.mod"}
		if os.Getenv("GOWORK") == "off" {
			names = names[1:]
		}
		for _, name := range names {
			if _, err := os.Stat(filepath.Join(d, name)); err != nil {
				continue
			}
			vendor := filepath.Join(d, "vendor")
			if _, err := os.Stat(filepath.Join(vendor, "modules.txt")); err == nil || mode == "vendor" {
				return vendor
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// modFlag returns the value of the last -mod flag in flags.
func modFlag(flags []string) string {
	mode := ""
	for i, f := range flags {
		name, value, hasValue := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if name != "mod" || !strings.HasPrefix(f, "-") {
			continue
		}
		if !hasValue && i+1 < len(flags) {
			value = flags[i+1]
		}
		mode = value
	}
	return mode
}

// moduleIdentity finds mod's replacement or version in the go.work or
// go.mod above dir, and hashes a local replacement's files.
func moduleIdentity(dir, mod string) string {
	for d := dir; ; d = filepath.Dir(d) {
		for _, name := range []string{"go.work", "go.mod"} {
			data, err := os.ReadFile(filepath.Join(d, name))
			if err != nil {
				continue
			}
			if target, ok := replacement(data, mod); ok {
				if isLocalPath(target) {
					if !filepath.IsAbs(target) {
						target = filepath.Join(d, target)
					}
					return "dir:" + hashDir(target)
				}
				return "mod:" + target
			}
			if name == "go.work" {
				return workspaceIdentity(d, mod)
			}
			if v, ok := requirement(data, mod); ok {
				return "mod:" + v
			}
			return "none"
		}
		if filepath.Dir(d) == d {
			return "none"
		}
	}
}

func isLocalPath(p string) bool {
	return strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || filepath.IsAbs(p) || p == "." || p == ".."
}

// replacement finds "mod [version] => target [version]" in a go.mod or
// go.work, in a replace block or a single-line replace.
func replacement(data []byte, mod string) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		line = strings.TrimPrefix(line, "replace ")
		left, right, ok := strings.Cut(line, "=>")
		if !ok {
			continue
		}
		f := strings.Fields(left)
		if len(f) == 0 || strings.Trim(f[0], `"`) != mod {
			continue
		}
		r := strings.Fields(right)
		if len(r) == 0 {
			continue
		}
		return strings.Join(r, "@"), true
	}
	return "", false
}

// requirement finds the version of mod required by a go.mod.
func requirement(data []byte, mod string) (string, bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(f) >= 2 && f[0] == mod {
			return f[1], true
		}
	}
	return "", false
}

// hashDir hashes the files of a module directory (sources, go.mod,
// embedded data), leaving out tests and testdata.
func hashDir(root string) string {
	h := sha256.New()
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		if strings.HasSuffix(name, "_test.go") || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// workspaceIdentity asks the go command where a workspace takes mod from
// (the modules of a go.work each have their own replace directives).
func workspaceIdentity(dir, mod string) string {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", mod)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "none"
	}
	modDir, version, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if modDir != "" {
		return "dir:" + hashDir(modDir)
	}
	return "mod:" + version
}
