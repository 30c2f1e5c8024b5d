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

// builtinRules parses builtinFiles once without their test cases
// (ParseWithoutTests): the cache lives as long as every protected app, and
// the parsed cases (~36 KB, and the YAML library's layouts of their
// fixtures) would be permanent heap that the GC marks in each cycle and
// that makes a small app's GC run more often (docs/PERFORMANCE.md).
// It is the package's only package-level cache, immutable once filled.
var builtinRules = sync.OnceValues(func() ([]Rule, error) { return parseBuiltin(ParseWithoutTests) })

// parseBuiltin parses the embedded rule files with parse (Parse: test
// cases included).
func parseBuiltin(parse func(string, []byte) ([]Rule, error)) ([]Rule, error) {
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
		rs, err := parse(path.Join("builtin", path.Base(name)), data)
		if err != nil {
			return nil, fmt.Errorf("parsing built-in rules: %w", err)
		}
		out = append(out, rs...)
	}
	return out, nil
}

// Builtin returns the engine's default rules: the context-aware
// protections (SQL, shell, path, SSRF, template XSS against every request
// input; block), attack-tool user agents (block) and the input-only
// signatures (monitor), without their test cases (BuiltinWithTests has
// them). They are parsed once; the caller gets its own slice. The
// embedded files are checked by the package's tests, so an error here
// cannot happen in a released build; it panics if it does.
func Builtin() []Rule {
	rs, err := builtinRules()
	if err != nil {
		panic(err) // impossible: TestBuiltinCompiles guards the embedded files
	}
	out := make([]Rule, len(rs))
	copy(out, rs)
	return out
}

// BuiltinWithTests returns the default rules with their test cases, parsed
// anew at each call (for tools and tests, not for the agent).
func BuiltinWithTests() []Rule {
	rs, err := parseBuiltin(Parse)
	if err != nil {
		panic(err) // impossible: TestBuiltinCompiles guards the embedded files
	}
	return rs
}
