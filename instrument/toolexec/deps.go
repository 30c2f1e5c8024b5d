package toolexec

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// hooksDeps is what the link of an instrumented program needs beyond the
// build's own packages: runtime/hooks and everything it imports.
type hooksDeps struct {
	files    map[string]string // import path -> export file (archive)
	order    []string          // import paths, dependencies first
	hooksDir string            // source directory of runtime/hooks
}

// resolveHooksDeps lists runtime/hooks and its dependencies with their
// archives, building what is missing, with the parent go command's flags.
// The answer is kept in workDir ($WORK of the build) so that the compile
// of main and the link, and several mains, ask once.
func resolveHooksDeps(goroot, workDir string) (*hooksDeps, error) {
	flags, dir, err := parentCommand()
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256([]byte(strings.Join(flags, "\x00") + "\x00" + dir))
	cache := filepath.Join(workDir, "sqreen-hooks-"+hex.EncodeToString(key[:8])+".txt")
	out, err := os.ReadFile(cache)
	if err != nil {
		goBin := filepath.Join(goroot, "bin", "go")
		args := append([]string{"list", "-deps", "-export", "-f", "{{.ImportPath}}={{.Export}}={{.Dir}}"}, flags...)
		args = append(args, HooksPackage)
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		logf("resolving runtime dependencies: go %s", strings.Join(args, " "))
		out, err = cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list %s (needed to link the sqreen runtime; is the module pinned? run sqreen-build pin): %w\n%s", HooksPackage, err, stderr.Bytes())
		}
		tmp := cache + fmt.Sprintf(".%d", os.Getpid())
		if os.WriteFile(tmp, out, 0o644) == nil {
			os.Rename(tmp, cache)
		}
	}
	d := &hooksDeps{files: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		path, rest, _ := strings.Cut(sc.Text(), "=")
		export, dir, _ := strings.Cut(rest, "=")
		if path == HooksPackage {
			d.hooksDir = dir
		}
		if export == "" {
			continue
		}
		d.files[path] = export
		d.order = append(d.order, path)
	}
	if _, ok := d.files[HooksPackage]; !ok {
		return nil, fmt.Errorf("go list did not build %s", HooksPackage)
	}
	return d, nil
}

// readImportcfg returns the packagefile entries of an importcfg.
func readImportcfg(path string) (map[string]string, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("importcfg: %w", err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "packagefile "); ok {
			k, v, _ := strings.Cut(rest, "=")
			m[k] = v
		}
	}
	return m, data, nil
}
