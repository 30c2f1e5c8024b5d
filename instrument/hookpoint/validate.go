package hookpoint

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/template"
)

// Funcs are the template functions a prologue may use. Validation runs the
// templates with placeholder names; the rewriter supplies real ones.
func Funcs(params, results []string, recv string) template.FuncMap {
	name := func(kind string, list []string) func(int) (string, error) {
		return func(i int) (string, error) {
			if i < 0 || i >= len(list) {
				return "", fmt.Errorf("%s %d out of range (function has %d)", kind, i, len(list))
			}
			if list[i] == "_" || list[i] == "" {
				return "", fmt.Errorf("%s %d is unnamed; the prologue needs its name", kind, i)
			}
			return list[i], nil
		}
	}
	return template.FuncMap{
		"p": name("parameter", params),
		"r": name("result", results),
		"recv": func() (string, error) {
			if recv == "_" || recv == "" {
				return "", fmt.Errorf("receiver is unnamed; the prologue needs its name")
			}
			return recv, nil
		},
	}
}

// Validate reports every malformed row of t, each error naming the row.
func Validate(t []Point) error {
	var errs []error
	seen := map[string]bool{}
	suffix := "_v" + strconv.Itoa(ABIVersion)
	for i, p := range t {
		where := fmt.Sprintf("hook point %d (%s %s)", i, p.Name, p.Target())
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
		}
		if p.Name == "" || p.Package == "" || p.Func == "" {
			bad("Name, Package and Func are required")
		}
		if seen[p.Target()] {
			bad("function listed twice")
		}
		seen[p.Target()] = true
		if !strings.HasPrefix(p.Decl.Name, "__sqreen_") || !strings.HasSuffix(p.Decl.Name, suffix) {
			bad("declaration %q must start with __sqreen_ and end with %s", p.Decl.Name, suffix)
		}
		if !strings.HasPrefix(p.Decl.Signature, "(") {
			bad("declaration signature %q must start with a parameter list", p.Decl.Signature)
		}
		if strings.Contains(p.Before, "\n") {
			bad("Before spans several lines; it must be one statement of one line")
		}
		if strings.Contains(p.Prologue, "\n") {
			bad("prologue spans several lines; it must be one line to keep the function's line numbers")
		}
		if _, err := Render(p, []string{"a", "b", "c"}, []string{"x", "y"}, "rcv"); err != nil {
			bad("%v", err)
		}
	}
	return errors.Join(errs...)
}

// Render expands p's prologue for a function with the given parameter,
// result and receiver names.
func Render(p Point, params, results []string, recv string) (string, error) {
	tmpl, err := template.New(p.Name).Funcs(Funcs(params, results, recv)).Option("missingkey=error").Parse(p.Prologue)
	if err != nil {
		return "", fmt.Errorf("prologue: %w", err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, nil); err != nil {
		return "", fmt.Errorf("prologue: %w", err)
	}
	return b.String(), nil
}

// Hash is a short digest of the table: any change to a row changes it.
func Hash(t []Point) string {
	h := sha256.New()
	fmt.Fprintf(h, "abi=%d\n", ABIVersion)
	for _, p := range t {
		fmt.Fprintf(h, "%q %q %q %q %q %q %q %q %v\n", p.Name, p.Package, p.Recv, p.Func, p.Decl.Name, p.Decl.Signature, p.Prologue, p.Before, p.NamedResults)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Packages returns the import paths that t rewrites, without duplicates.
func Packages(t []Point) map[string][]Point {
	m := map[string][]Point{}
	for _, p := range t {
		m[p.Package] = append(m[p.Package], p)
	}
	return m
}
