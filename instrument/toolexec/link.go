package toolexec

import (
	"fmt"
	"os"
	"path/filepath"

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
		newCfg := filepath.Join(actionDir, "importcfg.link.sqreen")
		if err := os.WriteFile(newCfg, data, 0o644); err != nil {
			return nil, err
		}
		args = setFlag(args, "importcfg", newCfg)
		logf("link: %d runtime packages added", added)
	}
	stamp := fmt.Sprintf("-X=%s.buildStamp=sqreen-build/%s+table.%s", HooksPackage, Version, hookpoint.Hash(hookpoint.Table()))
	last := len(args) - 1
	return append(append(args[:last:last], stamp), args[last]), nil
}
