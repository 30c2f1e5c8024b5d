package rewrite

import (
	"strings"
	"testing"
)

func TestIgnoredRanges(t *testing.T) {
	src := `package app

import "os/exec"

func run(arg string) error {
	//sqreen:ignore the admin shell, reviewed
	out, err := exec.Command("sh", "-c", "echo "+arg).Output()
	_ = out
	if err != nil { //sqreen:ignore
		return exec.Command("sh", "-c",
			"echo "+arg).Run()
	}

	//sqreen:ignoreme is another directive
	return exec.Command("sh", "-c", arg).Run()
}

//sqreen:ignore
func all(arg string) error {
	return exec.Command("sh", "-c", arg).Run()
}

//sqreen:ignore
var misplaced = 1
`
	got, bad := IgnoredRanges(File{Path: "/src/app/run.go", Src: []byte(src)})
	want := []Ignored{{"run.go", 7, 7}, {"run.go", 9, 12}, {"run.go", 19, 21}}
	if len(got) != len(want) {
		t.Fatalf("ranges = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("range %d = %v, want %v", i, got[i], want[i])
		}
	}
	if len(bad) != 1 || !strings.HasPrefix(bad[0].String(), "run.go:23: //sqreen:ignore must precede") {
		t.Errorf("misplaced = %v, want run.go:23", bad)
	}

	file, _ := IgnoredRanges(File{Path: "x.go", Src: []byte("//sqreen:ignore\n\npackage app\n")})
	if len(file) != 1 || file[0].Start != 1 || file[0].End < 1000 {
		t.Errorf("file directive = %v, want the whole file", file)
	}
	if none, _ := IgnoredRanges(File{Path: "y.go", Src: []byte("package app\n")}); none != nil {
		t.Errorf("no directive = %v", none)
	}
}

func TestIgnoreFile(t *testing.T) {
	src := string(IgnoreFile("main", "main", []Ignored{{"main.go", 7, 9}}))
	for _, want := range []string{
		"package main\n",
		"//go:linkname __sqreen_ignore_v3 github.com/sqreen-go/sqreen/runtime/hooks.RegisterIgnoredV3\n",
		`func init() { __sqreen_ignore_v3("main", "main.go\t7\t9\n") }`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("missing %q in\n%s", want, src)
		}
	}
}
