package rewrite

import (
	"bytes"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
)

var testPoints = []hookpoint.Point{
	{Name: "t.open", Package: "p", Func: "Open", Decl: hookpoint.Decl{Name: "__sqreen_t_v3", Signature: "(name string) error"},
		Prologue: `if e := __sqreen_t_v3({{p 0}}); e != nil { return nil, e };`},
	{Name: "t.close", Package: "p", Recv: "File", Func: "Close", Decl: hookpoint.Decl{Name: "__sqreen_t_v3", Signature: "(name string) error"},
		NamedResults: true, Prologue: `defer func() { {{r 0}} = __sqreen_t_v3({{recv}}.name) }();`},
	{Name: "t.ctx", Package: "p", Func: "Ctx", Decl: hookpoint.Decl{Name: "__sqreen_c_v3", Signature: "(ctx context.Context) error", Imports: []string{"context"}},
		Prologue: `_ = __sqreen_c_v3({{p 0}});`},
	{Name: "t.mid", Package: "p", Func: "Mid", Decl: hookpoint.Decl{Name: "__sqreen_m_v3", Signature: "(n int)"},
		Before: "w.Write(crlf)", Prologue: `__sqreen_m_v3({{p 0}});`},
}

func TestPackage(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		wantSites []string // point names
		wantLines []string // lines (1-based, after the //line directive) and their content
		wantDecls []string
	}{
		{
			name:      "function",
			src:       "package p\n\nfunc Open(name string) (*int, error) {\n\treturn nil, nil\n}\n",
			wantSites: []string{"t.open"},
			wantLines: []string{"func Open(name string) (*int, error) { if e := __sqreen_t_v3(name); e != nil { return nil, e };"},
			wantDecls: []string{"func __sqreen_t_v3(name string) error"},
		},
		{
			name:      "method with results to name",
			src:       "package p\n\ntype File struct{ name string }\n\nfunc (f *File) Close() error { return nil }\n",
			wantSites: []string{"t.close"},
			wantLines: []string{"func (f *File) Close() (__sqreen_r0 error) { defer func() { __sqreen_r0 = __sqreen_t_v3(f.name) }(); return nil }"},
		},
		{
			name:      "generic receiver, named result kept",
			src:       "package p\n\ntype File[T any] struct{ name string }\n\nfunc (f *File[T]) Close() (err error) {\n\treturn\n}\n",
			wantSites: []string{"t.close"},
			wantLines: []string{"func (f *File[T]) Close() (err error) { defer func() { err = __sqreen_t_v3(f.name) }();"},
		},
		{
			name:      "imports of the declarations",
			src:       "package p\n\nimport \"context\"\n\nfunc Ctx(c context.Context) {}\n",
			wantSites: []string{"t.ctx"},
			wantDecls: []string{"import \"context\"", "func __sqreen_c_v3(ctx context.Context) error"},
		},
		{
			name:      "before a statement, in a nested block and spaced otherwise",
			src:       "package p\n\nfunc Mid(n int) {\n\tif n > 0 {\n\t\tw.Write( crlf )\n\t}\n\tw.Write(crlf2)\n}\n",
			wantSites: []string{"t.mid"},
			wantLines: []string{"\t\t__sqreen_m_v3(n); w.Write( crlf )", "\tw.Write(crlf2)"},
			wantDecls: []string{"func __sqreen_m_v3(n int)"},
		},
		{
			name:      "before a statement of a case clause",
			src:       "package p\n\nfunc Mid(n int) {\n\tswitch n {\n\tcase 1:\n\t\tw.Write(crlf)\n\t}\n}\n",
			wantSites: []string{"t.mid"},
			wantLines: []string{"\t\t__sqreen_m_v3(n); w.Write(crlf)"},
		},
		{name: "other receiver", src: "package p\n\ntype F struct{}\n\nfunc (F) Open(name string) (*int, error) { return nil, nil }\n"},
		{name: "ignored function", src: "package p\n\n//sqreen:ignore\nfunc Open(name string) (*int, error) { return nil, nil }\n"},
		{name: "ignored file", src: "//sqreen:ignore\n\npackage p\n\nfunc Open(name string) (*int, error) { return nil, nil }\n"},
		{name: "syntax error left to the compiler", src: "package p\n\nfunc Open(name string) (*int, error) {\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Package("p", []File{{Path: "/src/p/f.go", Src: []byte(tt.src)}}, testPoints)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range res.Sites {
				got = append(got, s.Point)
			}
			if strings.Join(got, ",") != strings.Join(tt.wantSites, ",") {
				t.Fatalf("sites = %v, want %v", got, tt.wantSites)
			}
			if len(tt.wantSites) == 0 {
				if len(res.Files) != 0 || res.Decls != nil {
					t.Fatalf("untouched package produced files")
				}
				return
			}
			out := string(res.Files[0].Src)
			if !strings.HasPrefix(out, "//line /src/p/f.go:1:1\n") {
				t.Fatalf("output does not start with a //line directive:\n%s", out)
			}
			body := strings.TrimPrefix(out, "//line /src/p/f.go:1:1\n")
			if strings.Count(body, "\n") != strings.Count(tt.src, "\n") {
				t.Fatalf("line count changed:\n%s", body)
			}
			for _, want := range tt.wantLines {
				if !strings.Contains(body, want+"\n") {
					t.Errorf("output lacks line %q:\n%s", want, body)
				}
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "out.go", out, 0); err != nil {
				t.Errorf("output does not parse: %v\n%s", err, out)
			}
			for _, want := range tt.wantDecls {
				if !strings.Contains(string(res.Decls), want) {
					t.Errorf("declarations lack %q:\n%s", want, res.Decls)
				}
			}
		})
	}
}

func TestPrologueErrorNamesTheFunction(t *testing.T) {
	src := "package p\n\nfunc Open(_ string) (*int, error) { return nil, nil }\n"
	_, err := Package("p", []File{{Path: "f.go", Src: []byte(src)}}, testPoints)
	if err == nil || !strings.Contains(err.Error(), "f.go: p.Open: prologue") || !strings.Contains(err.Error(), "unnamed") {
		t.Fatalf("err = %v", err)
	}
}

// A statement to place a hook before that is missing, or there twice,
// fails the rewrite and names the function: the build must not go on
// without the hook.
func TestBeforeStatementMissingOrTwice(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"\tw.Write(other)\n", `p.Mid: statement "w.Write(crlf)" not found`},
		{"\tif x := w.Write(crlf); x {\n\t}\n", `p.Mid: statement "w.Write(crlf)" not found`}, // an if's init is not in a list
		{"\tw.Write(crlf)\n\tif n > 0 {\n\t\tw.Write(crlf)\n\t}\n", `p.Mid: statement "w.Write(crlf)" found 2 times`},
	} {
		src := "package p\n\nfunc Mid(n int) {\n" + tt.body + "}\n"
		_, err := Package("p", []File{{Path: "f.go", Src: []byte(src)}}, testPoints)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("body %q: err = %v, want %q", tt.body, err, tt.want)
		}
	}
}

// Every hook point matches exactly one function of the Go release that
// runs this test, with the files that release builds for this platform.
func TestTableMatchesInstalledGo(t *testing.T) {
	byPkg := hookpoint.Packages(hookpoint.Table())
	for pkg, points := range byPkg {
		if !strings.Contains(strings.Split(pkg, "/")[0], ".") {
			bp, err := build.Import(pkg, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			var files []File
			for _, name := range bp.GoFiles {
				src, err := os.ReadFile(filepath.Join(bp.Dir, name))
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, File{Path: filepath.Join(bp.Dir, name), Src: src})
			}
			res, err := Package(bp.Name, files, points)
			if err != nil {
				t.Fatalf("%s: %v", pkg, err)
			}
			count := map[string]int{}
			for _, s := range res.Sites {
				count[s.Target]++
			}
			for _, p := range points {
				if count[p.Target()] != 1 {
					t.Errorf("%s matched %d functions, want 1", p.Target(), count[p.Target()])
				}
			}
		}
	}
}

func TestRuntimeGOnInstalledGo(t *testing.T) {
	bp, err := build.Import("runtime", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var files []File
	for _, name := range bp.GoFiles {
		src, err := os.ReadFile(filepath.Join(bp.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: filepath.Join(bp.Dir, name), Src: src})
	}
	changed, acc, err := RuntimeG(files)
	if err != nil {
		t.Fatal(err)
	}
	all := bytes.Join(func() [][]byte {
		var b [][]byte
		for _, f := range changed {
			b = append(b, f.Src)
		}
		return b
	}(), nil)
	for _, want := range []string{"__sqreen_gls any;", ".__sqreen_gls = nil;", "newg.__sqreen_gls = callergp.__sqreen_gls"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("rewritten runtime lacks %q", want)
		}
	}
	for _, want := range []string{"//go:linkname __sqreen_gls_get_v3 " + GLSPackage + ".get", "//go:linkname __sqreen_read_only_v3 " + GLSPackage + ".readOnly"} {
		if !bytes.Contains(acc, []byte(want)) {
			t.Errorf("accessors lack %q:\n%s", want, acc)
		}
	}
}

func TestRuntimeGReportsWhatIsMissing(t *testing.T) {
	_, _, err := RuntimeG([]File{{Path: "proc.go", Src: []byte("package runtime\n\ntype g struct{ x int }\n")}})
	if err == nil || !strings.Contains(err.Error(), "func gdestroy not found") {
		t.Fatalf("err = %v", err)
	}
}

// The g struct's places found, the bounds of the program's data are not:
// the error names what readOnly needs.
func TestRuntimeGReportsMissingModuleData(t *testing.T) {
	src := "package runtime\n\ntype g struct{ x int }\n\nfunc gdestroy(gp *g) {}\n\nfunc newproc1(fn int, callergp *g) *g {\n\tnewg := new(g)\n\treturn newg\n}\n"
	_, _, err := RuntimeG([]File{{Path: "proc.go", Src: []byte(src)}})
	if err == nil || !strings.Contains(err.Error(), "var firstmoduledata not found") {
		t.Fatalf("err = %v", err)
	}
	src += "\ntype moduledata struct{ rodata, epclntab uintptr }\n\nvar firstmoduledata moduledata\n"
	if _, _, err := RuntimeG([]File{{Path: "proc.go", Src: []byte(src)}}); err != nil {
		t.Fatalf("with moduledata: %v", err)
	}
}

func FuzzPackage(f *testing.F) {
	f.Add("package p\n\nfunc Open(name string) (*int, error) { return nil, nil }\n")
	f.Add("package p\n\ntype File struct{}\n\nfunc (f *File) Close() error { return nil }\n")
	f.Add("package p\nfunc (f *File[T, U]) Close() (a, b error) {}\n")
	f.Fuzz(func(t *testing.T, src string) {
		res, err := Package("p", []File{{Path: "f.go", Src: []byte(src)}}, testPoints)
		if err != nil {
			return // a clear error is fine; a panic is not
		}
		for _, out := range res.Files {
			if strings.Count(string(out.Src), "\n") != strings.Count(src, "\n")+1 {
				t.Fatalf("line count changed for %q:\n%s", src, out.Src)
			}
		}
	})
}

func TestGLS(t *testing.T) {
	for _, name := range []string{"gls_plain.go", "gls_plain.cover.go"} {
		src := "package gls\n\n// Plain build.\n\nfunc get() any { return nil }\n\nfunc set(v any) {}\n\nfunc readOnly() (start, end uintptr) { return 0, 0 }\n"
		plain, decls, err := GLS(File{Path: name, Src: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		out := string(plain.Src)
		for _, want := range []string{"func __sqreen_plain_get() any { return nil }\n", "func __sqreen_plain_set(v any) {}\n",
			"func __sqreen_plain_readOnly() (start, end uintptr) { return 0, 0 }\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: renamed file lacks %q:\n%s", name, want, out)
			}
		}
		if strings.Count(out, "\n") != strings.Count(src, "\n")+1 {
			t.Errorf("%s: lines moved", name)
		}
		for _, want := range []string{"func get() any\n", "func set(v any)\n", "func readOnly() (start, end uintptr)\n"} {
			if !strings.Contains(string(decls), want) {
				t.Errorf("declarations lack %q:\n%s", want, decls)
			}
		}
	}
	// A gls from before readOnly: only get and set are declared, and the
	// runtime's readOnly is left unreferenced.
	_, decls, err := GLS(File{Path: "gls_plain.go", Src: []byte("package gls\n\nfunc get() any { return nil }\n\nfunc set(v any) {}\n")})
	if err != nil || strings.Contains(string(decls), "readOnly") || !strings.Contains(string(decls), "func set(v any)\n") {
		t.Errorf("gls without readOnly: err = %v, declarations:\n%s", err, decls)
	}
	if _, _, err := GLS(File{Path: "gls_plain.go", Src: []byte("package gls\n\nfunc get() any { return nil }\n")}); err == nil || !strings.Contains(err.Error(), "want functions get and set") {
		t.Errorf("missing set: err = %v", err)
	}
}
