package osv

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	ordered := []string{
		"v0.0.0-20190101000000-aaaaaaaaaaaa", // pseudo-version: before any release
		"v0.0.1", "v0.1.0-alpha", "v0.1.0-alpha.1", "v0.1.0-alpha.beta", "v0.1.0-beta", "v0.1.0-beta.2",
		"v0.1.0-beta.11", "v0.1.0-rc.1", "v0.1.0", "v0.9.0", "v0.10.0", "v1.0.0", "v1.2.9", "v1.10.0", "v10.0.0",
	}
	for i := range ordered {
		for j := range ordered {
			a, err := parseVersion(ordered[i])
			if err != nil {
				t.Fatal(err)
			}
			b, _ := parseVersion(ordered[j])
			got, want := compare(a, b), cmpInt(i, j)
			if sign(got) != want {
				t.Errorf("compare(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	for _, same := range [][2]string{{"v1.2.3", "1.2.3"}, {"v1", "v1.0.0"}, {"v1.2.3+meta", "v1.2.3"}} {
		a, _ := parseVersion(same[0])
		b, _ := parseVersion(same[1])
		if compare(a, b) != 0 {
			t.Errorf("%s != %s", same[0], same[1])
		}
	}
	for _, bad := range []string{"", "v", "v1.x", "v1.2.3.4", "v01.2.3", "v1.2.3-", "(devel)"} {
		if _, err := parseVersion(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func cmpInt(i, j int) int {
	switch {
	case i < j:
		return -1
	case i > j:
		return 1
	}
	return 0
}

func sign(n int) int { return cmpInt(n, 0) }

const netAdvisory = `{"id":"GO-2023-1571","summary":"Denial of service in net/http and golang.org/x/net/http2",
 "affected":[{"package":{"ecosystem":"Go","name":"golang.org/x/net"},
   "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.7.0"}]}]}]}`

const multiRange = `{"id":"GO-2099-0001","summary":"two ranges",
 "affected":[{"package":{"ecosystem":"Go","name":"example.com/m"},
   "ranges":[{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"fixed":"1.2.5"},{"introduced":"2.0.0"},{"last_affected":"2.1.0"}]}]},
  {"package":{"ecosystem":"PyPI","name":"requests"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]}`

func TestMatch(t *testing.T) {
	db, err := Load("export.json", []byte("["+netAdvisory+","+multiRange+"]"))
	if err != nil {
		t.Fatal(err)
	}
	if db.Skipped != 1 || db.Len() != 2 {
		t.Errorf("skipped %d, len %d", db.Skipped, db.Len())
	}
	tests := []struct {
		module, version string
		want            string // id and fixed version, or ""
	}{
		{"golang.org/x/net", "v0.6.0", "GO-2023-1571 v0.7.0"},
		{"golang.org/x/net", "v0.0.0-20220722155237-a158d28d115b", "GO-2023-1571 v0.7.0"},
		{"golang.org/x/net", "v0.7.0", ""},
		{"golang.org/x/net", "v0.61.0", ""},
		{"example.com/m", "v0.9.0", ""},
		{"example.com/m", "v1.0.0", "GO-2099-0001 v1.2.5"},
		{"example.com/m", "v1.2.4", "GO-2099-0001 v1.2.5"},
		{"example.com/m", "v1.2.5", ""},
		{"example.com/m", "v2.1.0", "GO-2099-0001 "},
		{"example.com/m", "v2.1.1", ""},
		{"example.com/m", "(devel)", ""},
		{"requests", "v1.0.0", ""},
	}
	for _, tt := range tests {
		fs := db.Match(tt.module, tt.version)
		got := ""
		if len(fs) > 0 {
			got = fs[0].ID + " " + fs[0].Fixed
		}
		if got != tt.want || len(fs) > 1 {
			t.Errorf("Match(%s, %s) = %+v, want %q", tt.module, tt.version, fs, tt.want)
		}
	}
}

func TestLoadFormats(t *testing.T) {
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, body := range map[string]string{"GO-2023-1571.json": netAdvisory, "GO-2099-0001.json": multiRange, "README": "x"} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	for name, data := range map[string][]byte{
		"object":     []byte(netAdvisory),
		"array":      []byte("[" + netAdvisory + "]"),
		"json lines": []byte(strings.ReplaceAll(netAdvisory, "\n", "") + "\n" + strings.ReplaceAll(multiRange, "\n", "") + "\n"),
		"zip":        zbuf.Bytes(),
	} {
		db, err := Load(name, data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(db.Match("golang.org/x/net", "v0.1.0")) != 1 {
			t.Errorf("%s: advisory not loaded", name)
		}
	}
	for _, bad := range []struct{ data, want string }{
		{"", "f.json: empty"},
		{"{", "f.json: advisory 1: unexpected EOF"},
		{netAdvisory + "\n{\"summary\":\"no id\"}", "f.json: advisory 2: no id"},
		{"[1]", "f.json: json: cannot unmarshal number"},
	} {
		if _, err := Load("f.json", []byte(bad.data)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Load(%q) = %v, want %q", bad.data, err, bad.want)
		}
	}
}

func FuzzVersion(f *testing.F) {
	for _, s := range []string{"v1.2.3", "v0.0.0-20190101000000-aaaaaaaaaaaa", "1.0.0-rc.1+b", "v1", "v1.2.3-0.a.01"} {
		f.Add(s, "v1.2.3")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		va, errA := parseVersion(a)
		vb, errB := parseVersion(b)
		if errA != nil || errB != nil {
			return
		}
		if sign(compare(va, vb)) != -sign(compare(vb, va)) {
			t.Fatalf("compare(%q, %q) not antisymmetric", a, b)
		}
		if compare(va, va) != 0 {
			t.Fatalf("%q differs from itself", a)
		}
	})
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(netAdvisory))
	f.Add([]byte("[" + multiRange + "]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		db, err := Load("fuzz.json", data)
		if err != nil {
			return
		}
		db.Match("golang.org/x/net", "v0.1.0")
		db.Match("example.com/m", "v1.0.0")
	})
}
