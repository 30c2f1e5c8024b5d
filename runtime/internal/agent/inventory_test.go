package agent

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

func TestSitesParsesTheRegisteredTables(t *testing.T) {
	saved := sites.tables
	t.Cleanup(func() { sites.tables = saved })
	sites.tables = nil

	RegisterSites("os", "file.open\tos.OpenFile\tfile.go\t120\nexec\tos.StartProcess\texec_posix.go\t30\n")
	RegisterSites("database/sql", "sql\tdatabase/sql.DB.QueryContext\tsql.go\t1700\n")
	RegisterSites("net/http", "http.server\tnet/http.serverHandler.ServeHTTP\tserver.go\tx\nbroken\n")

	got, err := Sites()
	if err == nil || !strings.Contains(err.Error(), "net/http: site 1") || !strings.Contains(err.Error(), "net/http: site 2") {
		t.Errorf("error = %v, want both malformed net/http sites named", err)
	}
	want := []Site{
		{Point: "sql", Package: "database/sql", File: "sql.go", Line: 1700, Function: "database/sql.DB.QueryContext"},
		{Point: "exec", Package: "os", File: "exec_posix.go", Line: 30, Function: "os.StartProcess"},
		{Point: "file.open", Package: "os", File: "file.go", Line: 120, Function: "os.OpenFile"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d sites %+v, want %+v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("site %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	a := New(Config{})
	inv, _ := platformLink{a}.Inventory()
	if len(inv) != 3 || inv[2].GetHookPoint() != "file.open" || inv[2].GetPackage() != "os" || inv[2].GetLine() != 120 || inv[2].GetFile() != "file.go" || inv[2].GetFunction() != "os.OpenFile" {
		t.Errorf("login inventory = %v", inv)
	}
}

func TestCalledFromIgnored(t *testing.T) {
	saved := ignored.ranges
	t.Cleanup(func() { ignored.ranges = saved; ignored.count.Store(int32(len(saved))) })
	ignored.ranges = nil
	ignored.count.Store(0)

	probe := func() (bool, int) { _, _, line, _ := runtime.Caller(0); return calledFromIgnored(), line }
	if got, _ := probe(); got {
		t.Fatal("ignored with nothing registered")
	}
	_, line := probe()
	const pkg = "github.com/sqreen-go/sqreen/runtime/internal/agent"
	RegisterIgnored(pkg, fmt.Sprintf("other.go\t%d\t%d\ninventory_test.go\tx\t1\n", line, line))
	if got, _ := probe(); got {
		t.Error("ignored through a range of another file")
	}
	RegisterIgnored("example.com/other", fmt.Sprintf("inventory_test.go\t%d\t%d\n", line, line))
	if got, _ := probe(); got {
		t.Error("ignored through a range of another package")
	}
	RegisterIgnored(pkg, fmt.Sprintf("inventory_test.go\t%d\t%d\n", line, line))
	if got, _ := probe(); !got {
		t.Error("not ignored from an ignored line")
	}
	if calledFromIgnored() {
		t.Error("ignored from a line outside the ranges")
	}
	if n := ignored.count.Load(); n != 3 {
		t.Errorf("%d ranges registered, want 3 (the malformed line dropped)", n)
	}
	if p := symbolPrefix("gopkg.in/yaml.v3"); p != "gopkg.in/yaml%2ev3." {
		t.Errorf("symbolPrefix = %q", p)
	}
}
