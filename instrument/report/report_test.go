package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
	"github.com/sqreen-go/sqreen/instrument/rewrite"
)

// sample instruments a two-function file with the real table's os rows.
func sample(t *testing.T) []Package {
	t.Helper()
	src := "package os\n\nfunc OpenFile(name string, flag int, perm FileMode) (*File, error) {\n\treturn nil, nil\n}\n\nfunc Remove(name string) error { return nil }\n"
	files := []rewrite.File{{Path: "/go/src/os/file.go", Src: []byte(src)}}
	res, err := rewrite.Package("os", files, hookpoint.Packages(hookpoint.Table())["os"])
	if err != nil {
		t.Fatal(err)
	}
	return []Package{{ImportPath: "os", Files: files, Result: res}}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, sample(t)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"file.open", "os.OpenFile", "/go/src/os/file.go:3", "os.Remove", "/go/src/os/file.go:7", "2 instrumented functions in 1 packages"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestWriteSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSARIF(&b, sample(t), "test"); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
		t.Fatalf("unexpected SARIF: %s", b.String())
	}
	r := log.Runs[0].Results[0]
	if r.RuleID != "file.open" || r.Locations[0].Physical.Region.StartLine != 3 || r.Locations[0].Physical.Artifact.URI != "file:///go/src/os/file.go" {
		t.Errorf("first result = %+v", r)
	}
}

func TestWriteDiff(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDiff(&b, sample(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"--- /go/src/os/file.go\n+++ /go/src/os/file.go (sqreen-build)\n@@ -3 +3 @@\n-func OpenFile(",
		"+func OpenFile(name string, flag int, perm FileMode) (*File, error) { if __sqreen_err := __sqreen_file_v3(\"open\", name, flag);",
		"@@ -7 +7 @@\n",
		"+++ os/__sqreen_decls.go (sqreen-build)",
		"+func __sqreen_file_v3(op, path string, flag int) error",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
}
