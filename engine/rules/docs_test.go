package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocsExamples compiles the rule examples of docs/rules.md and runs
// their test cases, so that the guide cannot drift from the engine.
func TestDocsExamples(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules.md"))
	if err != nil {
		t.Skipf("docs/rules.md not found beside the engine module: %v", err)
	}
	doc := string(data)
	// The complete example: the first yaml block.
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(doc, -1)
	if len(blocks) < 2 {
		t.Fatalf("found %d yaml blocks, want the complete example and the hook examples", len(blocks))
	}
	rs, err := Parse("docs/rules.md", []byte(blocks[0][1]))
	if err != nil {
		t.Fatalf("complete example: %v", err)
	}
	// The one-line examples of the hooks.
	more, err := Parse("docs/rules.md", []byte("rules:\n"+indent(blocks[1][1])))
	if err != nil {
		t.Fatalf("hook examples: %v", err)
	}
	rs = append(rs, more...)
	// Conditions quoted in the tables: `...` cells of request rows.
	for i, m := range regexp.MustCompile("\\| `request\\.[a-z_.]+`[^|]*\\|[^|]*\\| `([^`]+)` \\|").FindAllStringSubmatch(doc, -1) {
		rs = append(rs, Rule{ID: "table-" + string(rune('a'+i)), Hook: RequestHook, Condition: m[1]})
	}
	for _, c := range []string{"any_param(is_sqli(#))", "any_input(len(#) > 8192)", `any_input(url_decode(#) contains "<script")`} {
		rs = append(rs, Rule{ID: "iter-" + string(rune('a'+len(rs))), Hook: RequestHook, Condition: c})
	}
	if len(rs) < 20 {
		t.Fatalf("found %d examples, want at least 20", len(rs))
	}
	if _, errs := Compile(rs); len(errs) > 0 {
		for _, e := range errs {
			t.Error(e)
		}
	}
	for _, r := range RunTests(rs) {
		if !r.Passed {
			t.Error(r)
		}
	}
	// Every helper, iterator and hook is documented.
	var names []string
	for _, h := range helperTable {
		names = append(names, "`"+h.name+"(")
	}
	for _, it := range iterators {
		names = append(names, "`"+it.call)
	}
	for _, h := range hookTable {
		names = append(names, "| `"+string(h.point)+"` |")
	}
	for _, n := range names {
		if !strings.Contains(doc, n) {
			t.Errorf("docs/rules.md does not document %s", n)
		}
	}
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n") + "\n"
}
