package hookpoint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTableIsValid(t *testing.T) {
	if err := Validate(Table()); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesTheCulprit(t *testing.T) {
	good := Table()[0]
	tests := []struct {
		name string
		edit func(p *Point)
		want string
	}{
		{"unversioned symbol", func(p *Point) { p.Decl.Name = "__sqreen_file" }, `declaration "__sqreen_file" must start with __sqreen_ and end with _v3`},
		{"unprefixed symbol", func(p *Point) { p.Decl.Name = "file_v3" }, "must start with __sqreen_"},
		{"two lines", func(p *Point) { p.Prologue = "a()\nb()" }, "prologue spans several lines"},
		{"statement of two lines", func(p *Point) { p.Before = "a()\nb()" }, "Before spans several lines"},
		{"bad template", func(p *Point) { p.Prologue = "{{p 0" }, "prologue: template"},
		{"parameter out of range", func(p *Point) { p.Prologue = "f({{p 7}})" }, "parameter 7 out of range"},
		{"missing func", func(p *Point) { p.Func = "" }, "Name, Package and Func are required"},
		{"signature", func(p *Point) { p.Decl.Signature = "error" }, "must start with a parameter list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := good
			tt.edit(&p)
			err := Validate([]Point{p})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "hook point 0 (") {
				t.Errorf("error %q does not name the row", err)
			}
		})
	}
	if err := Validate([]Point{good, good}); err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("duplicate row: Validate() = %v", err)
	}
}

func TestRenderUnnamedParameter(t *testing.T) {
	p := Point{Name: "x", Prologue: "f({{p 0}})"}
	if _, err := Render(p, []string{"_"}, nil, "r"); err == nil || !strings.Contains(err.Error(), "unnamed") {
		t.Fatalf("Render with an unnamed parameter: err = %v", err)
	}
	got, err := Render(Point{Prologue: "{{recv}}.f({{p 1}}, {{r 0}})"}, []string{"a", "b"}, []string{"err"}, "t")
	if err != nil || got != "t.f(b, err)" {
		t.Fatalf("Render = %q, %v", got, err)
	}
}

func TestHashChangesWithTheTable(t *testing.T) {
	t1 := Table()
	h := Hash(t1)
	if h != Hash(Table()) {
		t.Fatal("Hash is not stable")
	}
	t1[0].Prologue += " "
	if Hash(t1) == h {
		t.Fatal("Hash did not change with a prologue")
	}
	h = Hash(t1)
	t1[0].Before = "f()"
	if Hash(t1) == h {
		t.Fatal("Hash did not change with the statement a prologue goes before")
	}
}

// Every declaration of the table must be defined, with a push linkname, in
// the runtime's hooks package, and nothing else.
func TestRuntimeDefinesEveryDecl(t *testing.T) {
	dir := filepath.Join("..", "..", "runtime", "hooks")
	files, err := filepath.Glob(filepath.Join(dir, "linkname*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no runtime/hooks/linkname*.go: %v", err)
	}
	sites, err := filepath.Glob(filepath.Join(dir, "sites*.go"))
	if err != nil || len(sites) == 0 {
		t.Fatalf("no runtime/hooks/sites*.go: %v", err)
	}
	files = append(files, sites...)
	defined := map[string]string{} // target -> local function
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			for _, c := range fd.Doc.List {
				if f := strings.Fields(c.Text); len(f) == 3 && f[0] == "//go:linkname" && f[1] == fd.Name.Name {
					defined[f[2]] = fd.Name.Name
				}
			}
		}
	}
	want := map[string]bool{}
	for _, p := range Table() {
		want[p.Key()] = true
		if _, ok := defined[p.Key()]; !ok {
			t.Errorf("%s (%s): no definition with //go:linkname in runtime/hooks", p.Key(), p.Target())
		}
	}
	for pkg := range Packages(Table()) {
		key := pkg + "." + SitesDecl.Name
		want[key] = true
		if _, ok := defined[key]; !ok {
			t.Errorf("%s: no definition with //go:linkname in runtime/hooks (the package's sites cannot register)", key)
		}
	}
	for target := range defined {
		if !want[target] {
			t.Errorf("runtime/hooks defines %s, which no hook point declares", target)
		}
	}
}
