package rasp

import (
	"strings"

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

// sqlTemplate places a value in a query as an application would.
type sqlTemplate struct {
	name, dialect string
	build         func(v string) string
}

// sqlEscape doubles quotes, as every dialect accepts; MySQL also needs
// its backslashes doubled.
func sqlEscape(v, dialect string) string {
	if dialect == "mysql" {
		v = strings.ReplaceAll(v, `\`, `\\`)
	}
	return strings.ReplaceAll(v, "'", "''")
}

// TestSQLLibinjectionSanity runs libinjection's attack and benign inputs
// through a quoted and a numeric template in every dialect. Properly
// escaped values (quotes doubled; in MySQL also backslash-escaped) must
// never be flagged in postgresql, mysql and sqlite (a hard check: the
// semantics are clear); how many raw attack values are caught is logged as a sanity
// check, since some of them do not change the query's structure in a
// given context (e.g. a payload without a quote inside a literal).
func TestSQLLibinjectionSanity(t *testing.T) {
	cases := corpus.Load(t, "libinjection.jsonl.gz")
	for _, dialect := range sqlDialects {
		quoted := func(v string) string { return "SELECT * FROM users WHERE name = '" + v + "' LIMIT 10" }
		numeric := func(v string) string { return "SELECT * FROM users WHERE id = " + v + " LIMIT 10" }
		var quotedAttacks, quotedCaught, numAttacks, numCaught, escapedFP, benignNumFlagged, benign int
		var missed []string
		for _, c := range cases {
			if c.Kind != "sqli" || len(c.Input) < 2 {
				continue
			}
			v := c.Input
			if SQLInjection(quoted(sqlEscape(v, dialect)), v, dialect) {
				escapedFP++
				// Generic is also read as MySQL, where quote doubling
				// alone does not escape a value holding \' (counted,
				// not failed).
				if escapedFP <= 5 && dialect != "generic" {
					t.Errorf("%s: escaped value flagged: %q", dialect, v)
				}
			}
			if dialect == "mysql" && SQLInjection(quoted(sqlBackslashEscape(v)), v, dialect) {
				escapedFP++
				if escapedFP <= 5 {
					t.Errorf("mysql: value escaped with backslashes flagged: %q", v)
				}
			}
			if !c.Attack() {
				benign++
				if SQLInjection(numeric(v), v, dialect) {
					benignNumFlagged++
				}
				continue
			}
			if strings.Contains(v, "'") {
				quotedAttacks++
				if SQLInjection(quoted(v), v, dialect) {
					quotedCaught++
				} else if len(missed) < 10 {
					missed = append(missed, v)
				}
			}
			numAttacks++
			if SQLInjection(numeric(v), v, dialect) {
				numCaught++
			}
		}
		t.Logf("%s: escaped values flagged %d; raw attacks with a quote caught in a literal %.2f%% (%d/%d); raw attacks caught in a numeric context %.2f%% (%d/%d); benign values flagged raw in a numeric context %d/%d",
			dialect, escapedFP, sqlPercent(quotedCaught, quotedAttacks), quotedCaught, quotedAttacks,
			sqlPercent(numCaught, numAttacks), numCaught, numAttacks, benignNumFlagged, benign)
		for _, m := range missed {
			t.Logf("%s: missed in a literal: %q", dialect, m)
		}
	}
}

// TestSQLHTTPParamsBenign places 19,000 real form values, escaped, in
// queries an application writes (a literal among others, a LIKE pattern
// used twice, an INSERT, an UPDATE) in every dialect: none may be flagged.
// An escaped value can still meet the query's own text elsewhere; this is
// where such coincidences would show.
func TestSQLHTTPParamsBenign(t *testing.T) {
	templates := []string{
		"SELECT id, name, email FROM users WHERE email = '{v}' AND status = 'active' ORDER BY created_at DESC LIMIT 10",
		"INSERT INTO comments (author, body, created_at) VALUES ('{v}', 'x', NOW())",
		"UPDATE users SET bio = '{v}' WHERE id = 42 AND deleted_at IS NULL",
		"SELECT * FROM products WHERE name LIKE '%{v}%' OR description LIKE '%{v}%'",
	}
	cases := corpus.Load(t, "httpparams.jsonl.gz")
	for _, dialect := range sqlDialects {
		flagged, n := 0, 0
		for _, c := range cases {
			if c.Attack() || len(c.Input) < 2 {
				continue
			}
			for _, tpl := range templates {
				n++
				q := strings.ReplaceAll(tpl, "{v}", sqlEscape(c.Input, dialect))
				if f, ok := DetectSQL(q, c.Input, dialect); ok {
					if flagged++; flagged <= 5 {
						t.Errorf("%s: %q flagged in %q: %s", dialect, c.Input, q, f.Reason)
					}
				}
			}
		}
		if n == 0 {
			t.Fatal("no benign values in httpparams")
		}
		t.Logf("%s: %d of %d escaped benign values flagged", dialect, flagged, n)
	}
}

// TestSQLRawQuotedAttacks places the attack values that hold a quote
// (httpparams' sqlmap values, PayloadsAllTheThings' lists) raw in a
// quoted literal: the quote leaves the literal, or reaches it unescaped.
// Recall must stay >= 99.5 %.
func TestSQLRawQuotedAttacks(t *testing.T) {
	for _, file := range []string{"httpparams.jsonl.gz", "patt.jsonl.gz"} {
		cases := corpus.Load(t, file)
		for _, dialect := range sqlDialects {
			var s sqlScore
			for _, c := range cases {
				if c.Kind != "sqli" || !c.Attack() || len(c.Input) < 2 || !strings.Contains(c.Input, "'") {
					continue
				}
				s.attacks++
				q := "SELECT id FROM users WHERE email = '" + c.Input + "' AND status = 'active' LIMIT 10"
				if SQLInjection(q, c.Input, dialect) {
					s.caught++
				} else if len(s.missed) < 5 {
					s.missed = append(s.missed, c)
				}
			}
			t.Logf("%s %s: raw quoted attacks caught %.2f%% (%d/%d)", file, dialect, s.recall(), s.caught, s.attacks)
			if s.attacks == 0 || s.recall() < 99.5 {
				t.Errorf("%s %s: recall %.2f%% of %d < 99.5%%; missed e.g. %v", file, dialect, s.recall(), s.attacks, s.missed)
			}
		}
	}
}
