package rasp

import (
	"html"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/internal/corpus"
)

// corpusScore counts a detector's verdicts on the templated corpus cases
// of one kind. Cases whose input is shorter than 2 bytes are left out:
// the detectors' contract says such inputs never match.
type corpusScore struct {
	attacks, caught, benign, flagged, skipped int
}

func (s corpusScore) recall() float64 { return ratio(s.caught, s.attacks) }
func (s corpusScore) fpr() float64    { return ratio(s.flagged, s.benign) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func scoreCorpus(t *testing.T, kind string, detect func(sink, input string) bool) corpusScore {
	t.Helper()
	var s corpusScore
	shown := 0
	for _, c := range corpus.Load(t, "templated.jsonl.gz") {
		if c.Kind != kind {
			continue
		}
		if len(c.Input) < 2 {
			s.skipped++
			continue
		}
		got := detect(c.Context, c.Input)
		if c.Attack() {
			s.attacks++
			if got {
				s.caught++
			}
		} else {
			s.benign++
			if got {
				s.flagged++
			}
		}
		if got != c.Attack() && shown < 10 {
			shown++
			t.Logf("miss: expect %s, sink %q, input %q", c.Expect, c.Context, c.Input)
		}
	}
	t.Logf("%s: recall %.4f%% (%d/%d), FPR %.4f%% (%d/%d), %d cases with a 1-byte input left out",
		kind, 100*s.recall(), s.caught, s.attacks, 100*s.fpr(), s.flagged, s.benign, s.skipped)
	if s.attacks == 0 || s.benign == 0 {
		t.Fatalf("no %s cases in the corpus", kind)
	}
	return s
}

func TestShellCorpus(t *testing.T) {
	s := scoreCorpus(t, "shell", ShellInjection)
	if s.recall() < 0.999 || s.flagged > 0 {
		t.Errorf("shell: want recall >= 99.9%% and FPR 0%%")
	}
}

// TestBenignFormValues places the real form values of httpparams.jsonl.gz
// (19,304 benign values) where applications put them: single-quoted in a
// command line, as a file name, as a query value of an outgoing URL and as
// html/template-like escaped text. None may be flagged.
func TestBenignFormValues(t *testing.T) {
	detectors := []struct {
		name  string
		check func(v string) bool
	}{
		{"shell", func(v string) bool {
			return ShellInjection("ls -la '"+strings.ReplaceAll(v, "'", `'\''`)+"'", v)
		}},
		{"path", func(v string) bool { return PathTraversal("/var/www/app/uploads/"+v, v) }},
		{"ssrf query", func(v string) bool { return SSRF("https://api.example.com/fetch?u="+v, v) }},
		{"ssrf url", func(v string) bool { return SSRF(v, v) }},
		{"xss", func(v string) bool { return TemplateXSS("<p>Hello "+html.EscapeString(v)+"</p>", v) }},
		{"xss raw", func(v string) bool { return TemplateXSS("<p>Hello "+v+"</p>", v) }},
	}
	values := 0
	for _, c := range corpus.Load(t, "httpparams.jsonl.gz") {
		if c.Attack() {
			continue
		}
		values++
		for _, d := range detectors {
			if d.check(c.Input) {
				t.Errorf("%s flags the benign form value %q", d.name, c.Input)
			}
		}
	}
	t.Logf("%d benign form values checked with %d placements each", values, len(detectors))
	if values == 0 {
		t.Fatal("no benign values")
	}
}
