package hookpoint

// Point is one instrumented function.
type Point struct {
	// Name identifies the hook point in reports and build summaries,
	// e.g. "file.open". Several rows may share a name.
	Name string
	// Package is the import path of the package that is rewritten.
	Package string
	// Recv is the receiver's type name without '*', or "" for a function.
	Recv string
	// Func is the name of the rewritten function or method.
	Func string
	// Decl is the body-less function the prologue calls; it is injected
	// into Package and defined in runtime/hooks.
	Decl Decl
	// Prologue is the code inserted at the top of the function body (see
	// the package documentation for the template functions).
	Prologue string
	// Before, when set, is a statement of the function's body, at any
	// depth: the prologue goes just before it instead of at the top of the
	// body (for a hook that must run at a given moment of the function).
	// It is matched by its source with all white space removed, and must
	// be found exactly once: otherwise the build fails, naming the
	// function, rather than leave the hook out.
	Before string
	// NamedResults asks for the results to be named (__sqreen_r0, ...)
	// when they are not, so that a deferred prologue can change them.
	NamedResults bool
}

// Decl is a body-less function declaration injected into a package.
type Decl struct {
	// Name is the versioned symbol, prefixed with "__sqreen_" and ending
	// in "_v<ABI>", e.g. "__sqreen_file_v3".
	Name string
	// Signature is the parameter and result lists as the package sees its
	// own types, e.g. "(op, path string, flag int) error".
	Signature string
	// Imports are the packages Signature refers to.
	Imports []string
}

// Key is the fully qualified symbol of a declaration: "os.__sqreen_file_v3".
func (p Point) Key() string { return p.Package + "." + p.Decl.Name }

// Target is the function a point rewrites, as written in reports:
// "os.OpenFile" or "database/sql.DB.QueryContext".
func (p Point) Target() string {
	if p.Recv == "" {
		return p.Package + "." + p.Func
	}
	return p.Package + "." + p.Recv + "." + p.Func
}
