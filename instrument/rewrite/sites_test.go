package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

func TestSitesFileRegistersTheTable(t *testing.T) {
	sites := []Site{
		{Point: "file.open", Target: "os.OpenFile", File: "/go/src/os/file.go", Line: 120},
		{Point: "exec", Target: "os.StartProcess", File: "/go/src/os/exec_posix.go", Line: 30},
	}
	src := SitesFile("os", "os", sites)
	af, err := parser.ParseFile(token.NewFileSet(), "__sqreen_sites.go", src, 0)
	if err != nil {
		t.Fatalf("generated file does not parse: %v\n%s", err, src)
	}
	var call *ast.CallExpr
	ast.Inspect(af, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			call = c
		}
		return true
	})
	if call == nil || len(call.Args) != 2 {
		t.Fatalf("no registration call in\n%s", src)
	}
	if fn := call.Fun.(*ast.Ident).Name; fn != "__sqreen_sites_v3" {
		t.Errorf("calls %s", fn)
	}
	pkg, _ := strconv.Unquote(call.Args[0].(*ast.BasicLit).Value)
	table, _ := strconv.Unquote(call.Args[1].(*ast.BasicLit).Value)
	if pkg != "os" {
		t.Errorf("package = %q", pkg)
	}
	if want := "file.open\tos.OpenFile\tfile.go\t120\nexec\tos.StartProcess\texec_posix.go\t30\n"; table != want {
		t.Errorf("table = %q, want %q (file names only: no path of the build machine)", table, want)
	}
}
