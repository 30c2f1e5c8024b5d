package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
)

// File is one source file of the package being compiled.
type File struct {
	Path string // path as given to the compiler
	Src  []byte
}

// Site is one instrumented function.
type Site struct {
	Point  string `json:"point"`  // hook point name, e.g. "file.open"
	Target string `json:"target"` // rewritten function, e.g. "os.OpenFile"
	File   string `json:"file"`   // original file
	Line   int    `json:"line"`   // line of the function declaration
}

// Result is what Package did to a package.
type Result struct {
	Files []File // rewritten files; Path is the original file's path
	Decls []byte // source of __sqreen_decls.go, nil when nothing matched
	Sites []Site
}

// IgnoreDirective opts a file (in the comment before the package clause)
// or a function (in its doc comment) out of instrumentation.
const IgnoreDirective = "//sqreen:ignore"

// Package applies points to the files of package pkgName. Files without a
// matching function are left out of the result. A file that does not parse
// is left untouched (the compiler reports it with its own message).
func Package(pkgName string, files []File, points []hookpoint.Point) (*Result, error) {
	res := &Result{}
	decls := map[string]hookpoint.Decl{}
	for _, f := range files {
		out, sites, err := rewriteFile(f, points)
		if err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", f.Path, err)
		}
		if sites == nil {
			continue
		}
		res.Files = append(res.Files, File{Path: f.Path, Src: out})
		res.Sites = append(res.Sites, sites...)
		for _, s := range sites {
			for _, p := range points {
				if p.Target() == s.Target {
					decls[p.Decl.Name] = p.Decl
				}
			}
		}
	}
	if len(decls) > 0 {
		res.Decls = declFile(pkgName, decls)
	}
	return res, nil
}

// rewriteFile returns the new source and the sites, or nil sites when no
// point matched.
func rewriteFile(f File, points []hookpoint.Point) ([]byte, []Site, error) {
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, f.Path, f.Src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || hasIgnore(fileHeader(af)) {
		return nil, nil, nil
	}
	var edits []edit
	var sites []Site
	for _, d := range af.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || hasIgnore(fd.Doc) {
			continue
		}
		recvType, recvName := receiver(fd)
		for _, p := range points {
			if p.Func != fd.Name.Name || p.Recv != recvType {
				continue
			}
			e, err := instrumentFunc(fset, f.Src, fd, recvName, p)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p.Target(), err)
			}
			edits = append(edits, e...)
			sites = append(sites, Site{Point: p.Name, Target: p.Target(), File: f.Path, Line: fset.Position(fd.Pos()).Line})
		}
	}
	if sites == nil {
		return nil, nil, nil
	}
	out, err := applyEdits(f.Src, edits)
	if err != nil {
		return nil, nil, err
	}
	return append([]byte(lineDirective(f.Path)), out...), sites, nil
}

// instrumentFunc returns the edits that insert p's prologue into fd.
func instrumentFunc(fset *token.FileSet, src []byte, fd *ast.FuncDecl, recv string, p hookpoint.Point) ([]edit, error) {
	offset := func(pos token.Pos) int { return fset.File(pos).Offset(pos) }
	var params []string
	for _, field := range fd.Type.Params.List {
		if len(field.Names) == 0 {
			params = append(params, "_")
		}
		for _, n := range field.Names {
			params = append(params, n.Name)
		}
	}
	var edits []edit
	var results []string
	if rl := fd.Type.Results; rl != nil {
		named := len(rl.List) > 0 && len(rl.List[0].Names) > 0
		var typed []string
		for _, field := range rl.List {
			typeText := string(src[offset(field.Type.Pos()):offset(field.Type.End())])
			if !named {
				name := fmt.Sprintf("__sqreen_r%d", len(results))
				results = append(results, name)
				typed = append(typed, name+" "+typeText)
				continue
			}
			for _, n := range field.Names {
				results = append(results, n.Name)
			}
		}
		if p.NamedResults && !named {
			edits = append(edits, edit{start: offset(rl.Pos()), end: offset(rl.End()), text: "(" + strings.Join(typed, ", ") + ")"})
		}
	}
	prologue, err := hookpoint.Render(p, params, results, recv)
	if err != nil {
		return nil, err
	}
	if p.Before != "" {
		at, err := statementBefore(src, offset, fd.Body, p.Before)
		if err != nil {
			return nil, err
		}
		edits = append(edits, edit{start: at, end: at, text: prologue + " "})
		return edits, nil
	}
	body := offset(fd.Body.Lbrace) + 1
	edits = append(edits, edit{start: body, end: body, text: " " + prologue})
	return edits, nil
}

// statementBefore returns the offset in src of the one statement of body
// (at any depth, in a list of statements: a block's or a clause's) whose
// source, white space removed, is want's; an error when there is not
// exactly one. offset maps a position to its offset in src.
func statementBefore(src []byte, offset func(token.Pos) int, body *ast.BlockStmt, want string) (int, error) {
	key := withoutSpace(want)
	var found []int
	match := func(list []ast.Stmt) {
		for _, st := range list {
			if withoutSpace(string(src[offset(st.Pos()):offset(st.End())])) == key {
				found = append(found, offset(st.Pos()))
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			match(n.List)
		case *ast.CaseClause:
			match(n.Body)
		case *ast.CommClause:
			match(n.Body)
		}
		return true
	})
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return 0, fmt.Errorf("statement %q not found: the hook cannot be placed (is this a Go release sqreen-build supports?)", want)
	default:
		return 0, fmt.Errorf("statement %q found %d times: the hook's place is ambiguous", want, len(found))
	}
}

// withoutSpace is s without its white space.
func withoutSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// receiver returns the receiver's type name (without '*' or type
// parameters) and variable name, or "" for a function.
func receiver(fd *ast.FuncDecl) (typeName, varName string) {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return "", ""
	}
	field := fd.Recv.List[0]
	if len(field.Names) > 0 {
		varName = field.Names[0].Name
	} else {
		varName = "_"
	}
	t := field.Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		typeName = id.Name
	}
	return typeName, varName
}

// fileHeader is the comment group before the package clause, if any.
func fileHeader(af *ast.File) *ast.CommentGroup {
	var last *ast.CommentGroup
	for _, cg := range af.Comments {
		if cg.Pos() < af.Package {
			last = cg
		}
	}
	if af.Doc != nil {
		return af.Doc
	}
	return last
}

func hasIgnore(cg *ast.CommentGroup) bool {
	if cg == nil {
		return false
	}
	for _, c := range cg.List {
		if isIgnore(c.Text) {
			return true
		}
	}
	return false
}

// declFile is the source of __sqreen_decls.go for package pkgName.
func declFile(pkgName string, decls map[string]hookpoint.Decl) []byte {
	names := make([]string, 0, len(decls))
	imports := map[string]bool{}
	for n, d := range decls {
		names = append(names, n)
		for _, imp := range d.Imports {
			imports[imp] = true
		}
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated by sqreen-build. DO NOT EDIT.\n\npackage %s\n\n", pkgName)
	paths := make([]string, 0, len(imports))
	for imp := range imports {
		paths = append(paths, imp)
	}
	sort.Strings(paths)
	for _, imp := range paths {
		fmt.Fprintf(&b, "import %q\n", imp)
	}
	b.WriteString("\n// Defined in github.com/sqreen-go/sqreen/runtime/hooks (push //go:linkname).\n")
	for _, n := range names {
		fmt.Fprintf(&b, "func %s%s\n", n, decls[n].Signature)
	}
	return []byte(b.String())
}
