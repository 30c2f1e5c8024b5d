package toolexec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
	"github.com/sqreen-go/sqreen/instrument/rewrite"
)

// ownPrefix is the import path prefix of our own code, never instrumented.
const ownPrefix = "github.com/sqreen-go/sqreen/"

// compile rewrites the arguments of one compile invocation.
func compile(tool string, args []string) ([]string, error) {
	pkg, _ := flagValue(args, "p")
	out, _ := flagValue(args, "o")
	if pkg == "" || out == "" {
		return args, nil
	}
	actionDir := filepath.Dir(out)
	switch {
	case pkg == rewrite.GLSPackage:
		return substituteGLS(args, actionDir)
	case strings.HasPrefix(pkg, ownPrefix):
		return args, nil
	case pkg == "runtime":
		return instrumentRuntime(args, actionDir)
	case pkg == "main":
		args, err := addHooksImport(tool, args, actionDir)
		if err != nil {
			return nil, err
		}
		return registerIgnored(pkg, args, actionDir)
	}
	points := hookpoint.Packages(hookpoint.Table())[pkg]
	if len(points) == 0 {
		if hasFlag(args, "-std") {
			return args, nil
		}
		return registerIgnored(pkg, args, actionDir)
	}
	return instrumentPackage(pkg, args, actionDir, points)
}

// registerIgnored adds to a user package whose files hold statement,
// function or file //sqreen:ignore directives an init function that
// registers their line ranges with the runtime (rewrite.IgnoreFile). The
// files themselves are compiled as they are. A misplaced directive is
// reported as a warning.
func registerIgnored(pkg string, args []string, actionDir string) ([]string, error) {
	var ranges []rewrite.Ignored
	name := ""
	for _, i := range goFiles(args) {
		src, err := os.ReadFile(args[i])
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(src, []byte(rewrite.IgnoreDirective)) {
			continue
		}
		f := rewrite.File{Path: args[i], Src: src}
		r, bad := rewrite.IgnoredRanges(f)
		for _, m := range bad {
			fmt.Fprintf(os.Stderr, "sqreen-build: warning: %s\n", m)
		}
		if len(r) > 0 && name == "" {
			if name, err = packageName(f); err != nil {
				return args, nil // the compiler reports it
			}
		}
		ranges = append(ranges, r...)
	}
	if len(ranges) == 0 {
		return args, nil
	}
	dir := filepath.Join(actionDir, "sqreen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "__sqreen_ignore.go")
	if err := os.WriteFile(path, rewrite.IgnoreFile(name, pkg, ranges), 0o644); err != nil {
		return nil, err
	}
	logf("%s: %d ignored ranges", pkg, len(ranges))
	return append(withoutFlag(args, "-complete"), path), nil
}

// hasFlag reports whether the boolean flag is among args.
func hasFlag(args []string, flag string) bool {
	for _, a := range args {
		if a == flag {
			return true
		}
	}
	return false
}

// goFiles returns the indexes of the .go file arguments.
func goFiles(args []string) []int {
	var idx []int
	for i, a := range args {
		if strings.HasSuffix(a, ".go") && !strings.HasPrefix(a, "-") {
			idx = append(idx, i)
		}
	}
	return idx
}

// readFiles reads the .go file arguments.
func readFiles(args []string) ([]rewrite.File, map[string]int, error) {
	var files []rewrite.File
	index := map[string]int{}
	for _, i := range goFiles(args) {
		src, err := os.ReadFile(args[i])
		if err != nil {
			return nil, nil, err
		}
		files = append(files, rewrite.File{Path: args[i], Src: src})
		index[args[i]] = i
	}
	return files, index, nil
}

func instrumentPackage(pkg string, args []string, actionDir string, points []hookpoint.Point) ([]string, error) {
	files, index, err := readFiles(args)
	if err != nil || len(files) == 0 {
		return args, err
	}
	name, err := packageName(files[0])
	if err != nil {
		return args, nil // the compiler reports it
	}
	res, err := rewrite.Package(name, files, points)
	if err != nil {
		return nil, fmt.Errorf("instrumenting %s: %w", pkg, err)
	}
	if len(res.Sites) == 0 {
		return args, nil
	}
	dir := filepath.Join(actionDir, "sqreen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	args = append([]string(nil), args...)
	for _, f := range res.Files {
		path := filepath.Join(dir, filepath.Base(f.Path))
		if err := os.WriteFile(path, f.Src, 0o644); err != nil {
			return nil, err
		}
		args[index[f.Path]] = path
	}
	decls := filepath.Join(dir, "__sqreen_decls.go")
	if err := os.WriteFile(decls, res.Decls, 0o644); err != nil {
		return nil, err
	}
	sites := filepath.Join(dir, "__sqreen_sites.go")
	if err := os.WriteFile(sites, rewrite.SitesFile(name, pkg, res.Sites), 0o644); err != nil {
		return nil, err
	}
	args = append(withoutFlag(args, "-complete"), decls, sites)
	logf("%s: %d hook points", pkg, len(res.Sites))
	record(pkg, res.Sites)
	return args, nil
}

func instrumentRuntime(args []string, actionDir string) ([]string, error) {
	files, index, err := readFiles(args)
	if err != nil {
		return nil, err
	}
	changed, accessors, err := rewrite.RuntimeG(files)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(actionDir, "sqreen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	args = append([]string(nil), args...)
	for _, f := range changed {
		path := filepath.Join(dir, filepath.Base(f.Path))
		if err := os.WriteFile(path, f.Src, 0o644); err != nil {
			return nil, err
		}
		args[index[f.Path]] = path
	}
	acc := filepath.Join(dir, "__sqreen_gls.go")
	if err := os.WriteFile(acc, accessors, 0o644); err != nil {
		return nil, err
	}
	logf("runtime: goroutine-local slot added")
	record("runtime", []rewrite.Site{{Point: "gls", Target: "runtime.g"}})
	return append(args, acc), nil
}

// substituteGLS makes runtime/internal/gls use the Go runtime's slot: the
// plain get and set of gls_plain.go (or of its coverage-instrumented copy,
// gls_plain.cover.go, under -cover) are renamed out of the way, and a
// generated file declares get and set without a body; the runtime defines
// them (rewrite.RuntimeG).
func substituteGLS(args []string, actionDir string) ([]string, error) {
	args = append([]string(nil), args...)
	for _, i := range goFiles(args) {
		base := filepath.Base(args[i])
		if base != "gls_plain.go" && base != "gls_plain.cover.go" {
			continue
		}
		src, err := os.ReadFile(args[i])
		if err != nil {
			return nil, err
		}
		plain, decls, err := rewrite.GLS(rewrite.File{Path: args[i], Src: src})
		if err != nil {
			return nil, fmt.Errorf("runtime/internal/gls: %w", err)
		}
		dir := filepath.Join(actionDir, "sqreen")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		args[i] = filepath.Join(dir, base)
		declPath := filepath.Join(dir, "__sqreen_gls_decls.go")
		if err := os.WriteFile(args[i], plain.Src, 0o644); err != nil {
			return nil, err
		}
		if err := os.WriteFile(declPath, decls, 0o644); err != nil {
			return nil, err
		}
		return append(withoutFlag(args, "-complete"), declPath), nil
	}
	return nil, fmt.Errorf("runtime/internal/gls: gls_plain.go is not among the files compiled; runtime and sqreen-build disagree")
}

// addHooksImport adds a blank import of runtime/hooks to package main.
func addHooksImport(tool string, args []string, actionDir string) ([]string, error) {
	cfgPath, _ := flagValue(args, "importcfg")
	if cfgPath == "" || len(goFiles(args)) == 0 {
		return args, nil
	}
	cfg, data, err := readImportcfg(cfgPath)
	if err != nil {
		return nil, err
	}
	args = append([]string(nil), args...)
	if _, ok := cfg[HooksPackage]; !ok {
		deps, err := resolveHooksDeps(goroot(tool), filepath.Dir(actionDir))
		if err != nil {
			return nil, err
		}
		if err := checkABI(deps.hooksDir); err != nil {
			return nil, err
		}
		newCfg := filepath.Join(actionDir, "importcfg.sqreen")
		data = append(data, fmt.Sprintf("\npackagefile %s=%s\n", HooksPackage, deps.files[HooksPackage])...)
		if err := os.WriteFile(newCfg, data, 0o644); err != nil {
			return nil, err
		}
		args = setFlag(args, "importcfg", newCfg)
	}
	dir := filepath.Join(actionDir, "sqreen")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	src := "// Code generated by sqreen-build. DO NOT EDIT.\n\npackage main\n\nimport _ \"" + HooksPackage + "\"\n"
	path := filepath.Join(dir, "__sqreen_main.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		return nil, err
	}
	logf("main: runtime linked")
	return append(args, path), nil
}

func packageName(f rewrite.File) (string, error) {
	af, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Src, parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	return af.Name.Name, nil
}

// goroot is the GOROOT of a tool ($GOROOT/pkg/tool/<os_arch>/<tool>).
func goroot(tool string) string {
	return filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(tool))))
}

func withoutFlag(args []string, flag string) []string {
	out := args[:0:0]
	for _, a := range args {
		if a != flag {
			out = append(out, a)
		}
	}
	return out
}

// setFlag replaces the value of -name in args.
func setFlag(args []string, name, value string) []string {
	for i, a := range args {
		if a == "-"+name && i+1 < len(args) {
			args[i+1] = value
		} else if strings.HasPrefix(a, "-"+name+"=") {
			args[i] = "-" + name + "=" + value
		}
	}
	return args
}

// record appends the sites of a package to SQREEN_BUILD_REPORT_DIR, where
// "sqreen-build go" collects them for its summary line.
func record(pkg string, sites []rewrite.Site) {
	dir := os.Getenv("SQREEN_BUILD_REPORT_DIR")
	if dir == "" {
		return
	}
	data, err := json.Marshal(sites)
	if err != nil {
		return
	}
	name := strings.NewReplacer("/", "_", ".", "_").Replace(pkg)
	os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.json", name, os.Getpid())), data, 0o644)
}
