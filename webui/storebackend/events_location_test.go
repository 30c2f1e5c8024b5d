package storebackend

import "testing"

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
