package corpus

import "testing"

func TestLoadTemplated(t *testing.T) {
	cases := Load(t, "templated.jsonl.gz")
	kinds := map[string]int{}
	for _, c := range cases {
		if c.Expect != "attack" && c.Expect != "benign" {
			t.Fatalf("case %+v: unknown expectation %q", c, c.Expect)
		}
		kinds[c.Kind]++
	}
	for _, k := range []string{"sqli", "shell", "path"} {
		if kinds[k] == 0 {
			t.Errorf("no %s cases in templated corpus", k)
		}
	}
}
