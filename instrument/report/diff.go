package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteDiff shows the rewritten source of every instrumented package as a
// unified diff. Instrumentation never adds or removes a line, so each hunk
// is one line; the generated declarations file is shown whole.
func WriteDiff(w io.Writer, pkgs []Package) error {
	for _, p := range pkgs {
		orig := map[string][]byte{}
		for _, f := range p.Files {
			orig[f.Path] = f.Src
		}
		for _, f := range p.Result.Files {
			before := strings.Split(string(orig[f.Path]), "\n")
			_, body, _ := strings.Cut(string(f.Src), "\n") // drop the //line directive
			after := strings.Split(body, "\n")
			fmt.Fprintf(w, "--- %s\n+++ %s (sqreen-build)\n", f.Path, f.Path)
			for i := range before {
				if i < len(after) && before[i] != after[i] {
					fmt.Fprintf(w, "@@ -%d +%d @@\n-%s\n+%s\n", i+1, i+1, before[i], after[i])
				}
			}
		}
		lines := strings.Split(strings.TrimRight(string(p.Result.Decls), "\n"), "\n")
		fmt.Fprintf(w, "--- /dev/null\n+++ %s/__sqreen_decls.go (sqreen-build)\n@@ -0,0 +1,%d @@\n", p.ImportPath, len(lines))
		for _, l := range lines {
			fmt.Fprintf(w, "+%s\n", l)
		}
	}
	return nil
}
