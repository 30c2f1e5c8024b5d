package rasp

import (
	"testing"

	"github.com/sqreen-go/sqreen/engine/internal/corpus"
)

// sqlScore counts a detector's verdicts on labelled cases.
type sqlScore struct {
	attacks, caught, benign, flagged int
	missed, falsePos                 []corpus.Case
}

func (s sqlScore) recall() float64 { return sqlPercent(s.caught, s.attacks) }
func (s sqlScore) fpr() float64    { return sqlPercent(s.flagged, s.benign) }

func sqlPercent(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func scoreSQL(cases []corpus.Case) sqlScore {
	var s sqlScore
	for _, c := range cases {
		if c.Kind != "sqli" || c.Context == "" {
			continue
		}
		got := SQLInjection(c.Context, c.Input, c.Dialect)
		if c.Attack() {
			s.attacks++
			if got {
				s.caught++
			} else {
				s.missed = append(s.missed, c)
			}
		} else {
			s.benign++
			if got {
				s.flagged++
				s.falsePos = append(s.falsePos, c)
			}
		}
	}
	return s
}

// TestSQLCorpus holds the detector to the quality targets of issue 2 on
// the templated corpus: recall >= 99.5 % and false-positive rate <= 0.01 %.
func TestSQLCorpus(t *testing.T) {
	s := scoreSQL(corpus.Load(t, "templated.jsonl.gz"))
	if s.attacks == 0 || s.benign == 0 {
		t.Fatalf("corpus holds %d sqli attacks and %d benign cases; want both", s.attacks, s.benign)
	}
	t.Logf("templated sqli: recall %.2f%% (%d/%d), false positives %.4f%% (%d/%d)",
		s.recall(), s.caught, s.attacks, s.fpr(), s.flagged, s.benign)
	for i, c := range s.missed {
		if i == 40 {
			break
		}
		t.Logf("missed: %q in %q", c.Input, c.Context)
	}
	for i, c := range s.falsePos {
		if i == 40 {
			break
		}
		t.Logf("false positive: %q in %q", c.Input, c.Context)
	}
	if s.recall() < 99.5 {
		t.Errorf("recall %.2f%% < 99.5%%", s.recall())
	}
	if s.fpr() > 0.01 {
		t.Errorf("false-positive rate %.4f%% > 0.01%%", s.fpr())
	}
}
