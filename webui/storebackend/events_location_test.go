package storebackend

import (
	"testing"

	"github.com/sqreen-go/sqreen/platform/store"
)

func TestStdFunction(t *testing.T) {
	for fn, want := range map[string]bool{
		"database/sql.(*DB).QueryContext":         true,
		"os.OpenFile":                             true,
		"net/http.(*Transport).roundTrip":         true,
		"text/template.(*Template).execute":       true,
		"main.(*shop).searchTitles":               false,
		"main.main.func1":                         false,
		"github.com/acme/shop/store.(*Repo).Find": false,
		"github.com/jackc/pgx/v5.(*Conn).Query":   false,
		"example.com/app.handler":                 false,
		"gopkg.in/yaml.v3.Unmarshal":              false,
	} {
		if got := stdFunction(fn); got != want {
			t.Errorf("stdFunction(%q) = %v, want %v", fn, got, want)
		}
	}
}

// What the kind of an attack event is, from what the agent sent.
func TestEventKind(t *testing.T) {
	for _, tt := range []struct {
		rule, detector, want string
	}{
		{"forbidden-word", "", "waf"},     // a request rule
		{"rasp-sqli", "sqli", "sqli"},     // a detector names it
		{"ip-blocklist", "", "blocklist"}, // refused before any rule
		{"user-blocklist", "", "blocklist"},
		{"blocklist", "", "blocklist"},
	} {
		e := store.Event{Kind: "attack", RuleID: tt.rule}
		if tt.detector != "" {
			e.Detail.Evidence = []store.Evidence{{Detector: tt.detector, Input: "x"}}
		}
		if got := toEvent(e).Kind; got != tt.want {
			t.Errorf("rule %q, detector %q: kind %q, want %q", tt.rule, tt.detector, got, tt.want)
		}
	}
}
