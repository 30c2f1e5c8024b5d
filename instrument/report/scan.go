package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
	"github.com/sqreen-go/sqreen/instrument/rewrite"
)

// Package is one instrumented package of a program.
type Package struct {
	ImportPath string
	Files      []rewrite.File // original files
	Result     *rewrite.Result
}

// listed is the part of go list -json output Scan reads.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
}

// Scan lists the dependencies of the packages named by args (go flags
// first, then package patterns, as for go list) and instruments, in
// memory, those of the hook table.
func Scan(args []string) ([]Package, error) {
	cmd := exec.Command("go", append([]string{"list", "-deps", "-json=ImportPath,Name,Dir,GoFiles"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w\n%s", err, stderr.Bytes())
	}
	table := hookpoint.Packages(hookpoint.Table())
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		points := table[p.ImportPath]
		if len(points) == 0 {
			continue
		}
		var files []rewrite.File
		for _, name := range p.GoFiles {
			path := filepath.Join(p.Dir, name)
			src, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			files = append(files, rewrite.File{Path: path, Src: src})
		}
		res, err := rewrite.Package(p.Name, files, points)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.ImportPath, err)
		}
		if len(res.Sites) > 0 {
			pkgs = append(pkgs, Package{ImportPath: p.ImportPath, Files: files, Result: res})
		}
	}
	return pkgs, nil
}

// WriteText writes one line per site: point, function, file:line.
func WriteText(w io.Writer, pkgs []Package) error {
	n := 0
	for _, p := range pkgs {
		for _, s := range p.Result.Sites {
			if _, err := fmt.Fprintf(w, "%-14s %-45s %s:%d\n", s.Point, s.Target, s.File, s.Line); err != nil {
				return err
			}
			n++
		}
	}
	_, err := fmt.Fprintf(w, "%d instrumented functions in %d packages\n", n, len(pkgs))
	return err
}

// jsonSite is a site in the JSON report.
type jsonSite struct {
	Package string `json:"package"`
	rewrite.Site
}

// WriteJSON writes the sites as a JSON array.
func WriteJSON(w io.Writer, pkgs []Package) error {
	sites := []jsonSite{}
	for _, p := range pkgs {
		for _, s := range p.Result.Sites {
			sites = append(sites, jsonSite{Package: p.ImportPath, Site: s})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sites)
}

// WriteInventory writes the sites as the instrumented program's runtime
// lists them (runtime/hooks.Sites) and sends them at login: one line per
// site, package, hook point, function, file name and line separated by
// tabs, sorted by package, file, line and hook point.
func WriteInventory(w io.Writer, pkgs []Package) error {
	var lines []inventoryLine
	for _, p := range pkgs {
		for _, s := range p.Result.Sites {
			lines = append(lines, inventoryLine{p.ImportPath, s.Point, s.Target, filepath.Base(s.File), s.Line})
		}
	}
	sort.Slice(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if a.pkg != b.pkg {
			return a.pkg < b.pkg
		}
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.point < b.point
	})
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\n", l.pkg, l.point, l.function, l.file, l.line); err != nil {
			return err
		}
	}
	return nil
}

type inventoryLine struct {
	pkg, point, function, file string
	line                       int
}
