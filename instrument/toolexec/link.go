package toolexec

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
)

// link adds the runtime's packages to the link importcfg and stamps the
// binary.
func link(tool string, args []string) ([]string, error) {
	cfgPath, _ := flagValue(args, "importcfg")
	if cfgPath == "" || len(args) == 0 {
		return args, nil
	}
	cfg, data, err := readImportcfg(cfgPath)
	if err != nil {
		return nil, err
	}
	args = append([]string(nil), args...)
	data = stampModinfo(data)
	if _, ok := cfg[HooksPackage]; !ok {
		actionDir := filepath.Dir(cfgPath)
		deps, err := resolveHooksDeps(goroot(tool), filepath.Dir(actionDir))
		if err != nil {
			return nil, err
		}
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		added := 0
		for _, p := range deps.order {
			if _, ok := cfg[p]; !ok {
				data = append(data, fmt.Sprintf("packagefile %s=%s\n", p, deps.files[p])...)
				added++
			}
		}
		logf("link: %d runtime packages added", added)
	}
	newCfg := filepath.Join(filepath.Dir(cfgPath), "importcfg.link.sqreen")
	if err := os.WriteFile(newCfg, data, 0o644); err != nil {
		return nil, err
	}
	args = setFlag(args, "importcfg", newCfg)
	stamp := fmt.Sprintf("-X=%s.buildStamp=%s", HooksPackage, Stamp())
	last := len(args) - 1
	return append(append(args[:last:last], stamp), args[last]), nil
}

// Stamp says which sqreen-build and hook table instrumented a binary.
func Stamp() string {
	return fmt.Sprintf("%s+table.%s", Version, hookpoint.Hash(hookpoint.Table()))
}

// stampModinfo adds "build sqreen-build=<stamp>" to the build information
// the go command passes to the linker (the modinfo line of the importcfg),
// so that "go version -m" shows that the binary was instrumented.
func stampModinfo(cfg []byte) []byte {
	lines := strings.Split(string(cfg), "\n")
	for i, line := range lines {
		quoted, ok := strings.CutPrefix(line, "modinfo ")
		if !ok {
			continue
		}
		info, err := strconv.Unquote(quoted)
		if err != nil || len(info) < 32 {
			return cfg
		}
		// The info is framed by two 16-byte markers.
		body, end := info[:len(info)-16], info[len(info)-16:]
		if !strings.HasSuffix(body, "\n") {
			body += "\n"
		}
		lines[i] = "modinfo " + strconv.Quote(body+"build\tsqreen-build="+Stamp()+"\n"+end)
		return []byte(strings.Join(lines, "\n"))
	}
	return cfg
}
