package rulecheck

import (
	"strings"
	"testing"
)

func FuzzCheck(f *testing.F) {
	f.Add(good)
	f.Add(strings.Replace(good, "condition: request", "condition: (request", 1))
	f.Add("rules:\n  - id: [x\n")
	f.Add("rules:\n  - id: a\n    hook: sql\n    condition: sql_injection(sql.query, sql.dialect)\n")
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + strings.Count(src, "\r") + 2 // YAML counts CR as a line break too, and may point just past the end
		for _, p := range Check(src) {
			if p.Message == "" || p.Line < 0 || p.Line > lines || p.Column < 0 {
				t.Fatalf("%q: bad problem %+v", src, p)
			}
		}
	})
}
