package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sync"
)

// builtinFiles are the default rules, embedded in every protected app.
//
//go:embed builtin/*.yaml
var builtinFiles embed.FS

// builtinRules parses builtinFiles once. It is the package's only
// package-level cache, and it is immutable once filled.
var builtinRules = sync.OnceValues(func() ([]Rule, error) {
	names, err := fs.Glob(builtinFiles, "builtin/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("listing built-in rules: %w", err)
	}
	var out []Rule
	for _, name := range names {
		data, err := builtinFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading built-in rules: %w", err)
		}
		rs, err := Parse(path.Join("builtin", path.Base(name)), data)
		if err != nil {
			return nil, fmt.Errorf("parsing built-in rules: %w", err)
		}
		out = append(out, rs...)
	}
	return out, nil
})

// Builtin returns the engine's default rules: the context-aware
// protections (SQL, shell, path, SSRF, template XSS against every request
// input; block), attack-tool user agents (block) and the input-only
// signatures (monitor). They are parsed once; the caller gets its own
// slice. The embedded files are checked by the package's tests, so an
// error here cannot happen in a released build; it panics if it does.
func Builtin() []Rule {
	rs, err := builtinRules()
	if err != nil {
		panic(err) // impossible: TestBuiltinParses guards the embedded files
	}
	out := make([]Rule, len(rs))
	copy(out, rs)
	return out
}
