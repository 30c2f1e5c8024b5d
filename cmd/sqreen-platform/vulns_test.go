package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/storebackend"
)

// advisory returns an OSV entry for golang.org/x/net fixed in fixed.
func advisory(id, fixed string) string {
	return `{"id":"` + id + `","modified":"2026-01-02T00:00:00Z","summary":"HTTP/2 DoS","affected":[{"package":{"ecosystem":"Go","name":"golang.org/x/net"},` +
		`"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"` + fixed + `"}]}]}]}`
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSplitOSV(t *testing.T) {
	other := `{"id":"PYSEC-1","affected":[{"package":{"ecosystem":"PyPI","name":"x"}}]}`
	tests := []struct {
		name    string
		data    []byte
		wantIDs string
		wantErr string
	}{
		{"one object", []byte(advisory("GO-1", "0.7.0")), "GO-1", ""},
		{"json lines", []byte(advisory("GO-1", "0.7.0") + "\n" + other + "\n"), "GO-1 PYSEC-1", ""},
		{"array", []byte("[" + advisory("GO-1", "0.7.0") + "," + advisory("GO-2", "0.8.0") + "]"), "GO-1 GO-2", ""},
		{"repeated id: the last wins", []byte(advisory("GO-1", "0.7.0") + advisory("GO-1", "0.9.0")), "GO-1", ""},
		{"zip", zipOf(t, map[string]string{"ID/GO-1.json": advisory("GO-1", "0.7.0"), "index.txt": "skip"}), "GO-1", ""},
		{"empty", []byte("  \n"), "", "x.json: empty"},
		{"no id", []byte(`{"summary":"s"}`), "", "x.json: advisory 1: no id"},
		{"bad json", []byte(advisory("GO-1", "0.7.0") + "{oops"), "", "x.json: advisory 2:"},
		{"bad zip", []byte("PK\x03\x04garbage"), "", "x.json: zip:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			advs, err := splitOSV("x.json", tt.data)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range advs {
				ids = append(ids, a.ID)
				if strings.ContainsAny(a.Doc, "\n") || !strings.Contains(a.Doc, `"id":"`+a.ID+`"`) {
					t.Errorf("doc of %s = %s", a.ID, a.Doc)
				}
			}
			if got := strings.Join(ids, " "); got != tt.wantIDs {
				t.Errorf("ids %q, want %q", got, tt.wantIDs)
			}
			if tt.name == "repeated id: the last wins" && !strings.Contains(advs[0].Doc, "0.9.0") {
				t.Errorf("kept %s", advs[0].Doc)
			}
		})
	}
}

// TestVulnsImport: `vulns import FILE` stores the advisories in the
// database; the dashboard backend of any replica (another store on the same
// database) matches the apps' dependencies against them, and sees a later
// import. A bad file imports nothing.
func TestVulnsImport(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			st := b.Open(t, nil)
			app, _, err := st.CreateApp(ctx, "shop", "test")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Login(ctx, app.ID, &wire.LoginRequest{InstanceId: "i-1", AppName: "shop",
				Dependencies: []*wire.Dependency{{Path: "golang.org/x/net", Version: "v0.6.0"}}}); err != nil {
				t.Fatal(err)
			}
			replica := storebackend.New(b.Open(t, nil), storebackend.Options{})
			appID := strconv.FormatInt(app.ID, 10)
			vulns := func() []backend.DependencyVuln {
				t.Helper()
				vs, err := replica.DependencyVulns(ctx, appID)
				if err != nil {
					t.Fatal(err)
				}
				return vs
			}
			if vs := vulns(); len(vs) != 0 {
				t.Fatalf("before any import: %+v", vs)
			}
			dir := t.TempDir()
			write := func(name string, data []byte) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, data, 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			importFile := func(file string) (int, string, string) {
				var out, errOut bytes.Buffer
				code := run(ctx, []string{"vulns", "import", "--db", b.URL, file}, strings.NewReader(""), &out, &errOut)
				return code, out.String(), errOut.String()
			}

			first := write("go.zip", zipOf(t, map[string]string{"ID/GO-2023-1571.json": advisory("GO-2023-1571", "0.7.0")}))
			if code, out, errOut := importFile(first); code != 0 || !strings.Contains(out, "imported 1 advisories") {
				t.Fatalf("import: %d %s %s", code, out, errOut)
			}
			want := backend.DependencyVuln{ID: "GO-2023-1571", Summary: "HTTP/2 DoS", Module: "golang.org/x/net", Version: "v0.6.0", Fixed: "v0.7.0"}
			if vs := vulns(); len(vs) != 1 || vs[0] != want {
				t.Fatalf("after import: %+v, want %+v", vs, want)
			}

			// A bad file: clear error, nothing changes.
			bad := write("bad.json", []byte(advisory("GO-2024-1", "0.8.0")+`{"summary":"no id"}`))
			if code, _, errOut := importFile(bad); code != 1 || !strings.Contains(errOut, "advisory 2: no id") {
				t.Errorf("bad file: code %d, stderr %q", code, errOut)
			}
			if code, _, errOut := importFile(filepath.Join(dir, "missing.json")); code != 1 || !strings.Contains(errOut, "missing.json") {
				t.Errorf("missing file: code %d, stderr %q", code, errOut)
			}
			if vs := vulns(); len(vs) != 1 {
				t.Errorf("after failed imports: %+v", vs)
			}

			// A later import updates one advisory and adds another.
			second := write("update.json", []byte(advisory("GO-2023-1571", "0.9.0")+"\n"+advisory("GO-2024-2", "0.10.0")+"\n"))
			if code, out, errOut := importFile(second); code != 0 || !strings.Contains(out, "imported 2 advisories") {
				t.Fatalf("second import: %d %s %s", code, out, errOut)
			}
			got := map[string]string{}
			for _, v := range vulns() {
				got[v.ID] = v.Fixed
			}
			if len(got) != 2 || got["GO-2023-1571"] != "v0.9.0" || got["GO-2024-2"] != "v0.10.0" {
				t.Errorf("after the second import: %v", got)
			}
			audit, _ := st.ListAudit(ctx, store.Page{})
			n := 0
			for _, e := range audit {
				if e.Action == "vulns.import" {
					n++
				}
			}
			if n != 2 {
				t.Errorf("%d vulns.import audit entries, want 2", n)
			}
		})
	}
}

func TestVulnsImportUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"vulns", "import"}, strings.NewReader(""), &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "want one FILE") {
		t.Errorf("code %d, stderr %q", code, errOut.String())
	}
}

func FuzzSplitOSV(f *testing.F) {
	f.Add([]byte(advisory("GO-1", "0.7.0")))
	f.Add([]byte("[" + advisory("GO-1", "0.7.0") + "," + advisory("GO-2", "0.8.0") + "]"))
	f.Add([]byte(`{"id":"a"}` + "\n" + `{"id":"b","modified":"x"}`))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		advs, err := splitOSV("f.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range advs {
			if a.ID == "" || seen[a.ID] || !json.Valid([]byte(a.Doc)) {
				t.Fatalf("advisory %+v: want a unique id and a JSON document", a)
			}
			seen[a.ID] = true
		}
	})
}
