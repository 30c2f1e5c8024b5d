package rewrite

import (
	"fmt"
	"sort"
	"strings"
)

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// applyEdits returns src with the edits applied. Edits must not overlap.
func applyEdits(src []byte, edits []edit) ([]byte, error) {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.start < last || e.end < e.start || e.end > len(src) {
			return nil, fmt.Errorf("overlapping or out-of-range edit at byte %d", e.start)
		}
		if strings.Contains(e.text, "\n") {
			return nil, fmt.Errorf("edit at byte %d adds a line break; positions would move", e.start)
		}
		b.Write(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return []byte(b.String()), nil
}

// lineDirective is the first line of every rewritten file: it maps the
// next line to line 1 of the original file. Column 1 is required, and the
// directive must start at the beginning of its line.
func lineDirective(orig string) string {
	return "//line " + orig + ":1:1\n"
}
