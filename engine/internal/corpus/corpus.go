// Package corpus reads the shared detection corpora (../shared/corpora
// beside the repository, or the folder named by SQREEN_CORPORA) for the
// detectors' tests and benchmarks.
package corpus

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Case is one line of a corpus file.
type Case struct {
	Source  string         `json:"source"`
	Kind    string         `json:"kind"`
	Dialect string         `json:"dialect"`
	Input   string         `json:"input"`
	Context string         `json:"context"`
	Expect  string         `json:"expect"`
	Extra   map[string]any `json:"extra"`
}

// Attack reports whether the case is labelled an attack.
func (c Case) Attack() bool { return c.Expect == "attack" }

// Dir returns the corpora folder: $SQREEN_CORPORA, or shared/corpora next
// to the repository's root. It returns "" when neither exists.
func Dir() string {
	if d := os.Getenv("SQREEN_CORPORA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			c := filepath.Join(filepath.Dir(d), "shared", "corpora")
			if _, err := os.Stat(c); err == nil {
				return c
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Load reads the named corpus file (e.g. "templated.jsonl.gz"). The test is
// skipped, with a message saying how to provide the corpora, when the file
// cannot be found.
func Load(tb testing.TB, name string) []Case {
	tb.Helper()
	dir := Dir()
	if dir == "" {
		tb.Skipf("corpora not found: set SQREEN_CORPORA to the folder holding %s (shared/corpora beside the repository)", name)
	}
	cases, err := Read(filepath.Join(dir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return cases
}

// Read reads a gzipped JSON-lines corpus file.
func Read(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var cases []Case
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cases, nil
}
