package pin

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Module paths of the in-app modules.
const (
	RuntimeModule = "github.com/sqreen-go/sqreen/runtime"
	EngineModule  = "github.com/sqreen-go/sqreen/engine"
	HooksPackage  = RuntimeModule + "/hooks"
)

// SourceDir is the sqreen repository (holding runtime/ and engine/), set at
// link time with -X; empty when not set.
var SourceDir string

// ErrNoSource is returned when the runtime's source cannot be found.
var ErrNoSource = errors.New("cannot find the source of the sqreen runtime: set SQREEN_RUNTIME_DIR to its folder (runtime/ of the sqreen repository)")

// Source returns the folders of the runtime and engine modules.
func Source() (runtimeDir, engineDir string, err error) {
	var candidates []string
	if d := os.Getenv("SQREEN_RUNTIME_DIR"); d != "" {
		candidates = append(candidates, filepath.Dir(filepath.Clean(d)))
		if !isModule(d) {
			return "", "", fmt.Errorf("SQREEN_RUNTIME_DIR=%s: no go.mod there", d)
		}
	}
	if SourceDir != "" {
		candidates = append(candidates, SourceDir)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		// .../instrument/pin/locate.go -> repository root
		candidates = append(candidates, filepath.Dir(filepath.Dir(filepath.Dir(file))))
	}
	for _, root := range candidates {
		rt, en := filepath.Join(root, "runtime"), filepath.Join(root, "engine")
		if isModule(rt) && isModule(en) {
			return rt, en, nil
		}
	}
	return "", "", ErrNoSource
}

func isModule(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}
