package waf

import (
	"testing"

	"github.com/sqreen-go/sqreen/engine/internal/corpus"
)

// TestCorpusXSS holds IsXSS to its recall targets on the attack lists of
// the shared corpora and logs how many SQL injection and benign values of
// libinjection's lists it flags: SQL payloads are not XSS, but some of
// them really carry HTML (`1' union select '<script>...`), so that count
// is reported rather than required to be 0. The benign form values of
// httpparams are held to 0 by TestCorpusHTTPParams.
func TestCorpusXSS(t *testing.T) {
	httpparams := corpus.Load(t, "httpparams.jsonl.gz")
	lib := corpus.Load(t, "libinjection.jsonl.gz")
	patt := corpus.Load(t, "patt.jsonl.gz")

	hp := measure(httpparams, "xss", "attack", IsXSS)
	li := measure(lib, "xss", "attack", IsXSS)
	liSQLi := measure(lib, "sqli", "attack", IsXSS)
	liBenign := measure(lib, "sqli", "benign", IsXSS)
	pt := measure(patt, "xss", "attack", IsXSS)
	t.Logf("httpparams xss recall %d/%d = %.2f%%; libinjection xss recall %d/%d = %.2f%%; patt xss recall %d/%d = %.2f%%",
		hp.flagged, hp.total, hp.rate(), li.flagged, li.total, li.rate(), pt.flagged, pt.total, pt.rate())
	t.Logf("libinjection values flagged as XSS: sqli attacks %d/%d, benign %d/%d",
		liSQLi.flagged, liSQLi.total, liBenign.flagged, liBenign.total)
	if hp.total == 0 || li.total == 0 {
		t.Fatal("corpus has no xss attack")
	}
	if hp.rate() < 94.9 {
		t.Errorf("httpparams xss recall %.2f%% < 94.9%%", hp.rate())
	}
	if li.rate() < 97 {
		t.Errorf("libinjection xss recall %.2f%% < 97%%", li.rate())
	}
}
