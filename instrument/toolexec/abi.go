package toolexec

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
)

// ErrABISkew is returned when the pinned runtime speaks another version of
// the hooks contract than this sqreen-build.
var ErrABISkew = fmt.Errorf("sqreen-build and the pinned runtime disagree on the hooks ABI")

// RuntimeABI reads "const ABIVersion = N" from the runtime/hooks sources
// in dir.
func RuntimeABI(dir string) (int, error) {
	path := filepath.Join(dir, "hooks.go")
	af, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return 0, fmt.Errorf("reading the runtime's ABI version: %w", err)
	}
	for _, d := range af.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name != "ABIVersion" || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok {
					return strconv.Atoi(lit.Value)
				}
			}
		}
	}
	return 0, fmt.Errorf("%s: no ABIVersion constant", path)
}

// checkABI refuses a runtime whose ABI version is not ours.
func checkABI(hooksDir string) error {
	v, err := RuntimeABI(hooksDir)
	if err != nil {
		return err
	}
	if v != hookpoint.ABIVersion {
		return fmt.Errorf("%w: the runtime at %s has hooks ABI v%d, this sqreen-build %s speaks v%d; run \"sqreen-build pin\" with a matching sqreen-build", ErrABISkew, hooksDir, v, Version, hookpoint.ABIVersion)
	}
	return nil
}
