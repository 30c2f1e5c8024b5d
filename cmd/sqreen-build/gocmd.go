package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
	"github.com/sqreen-go/sqreen/instrument/pin"
	"github.com/sqreen-go/sqreen/instrument/rewrite"
	"github.com/sqreen-go/sqreen/instrument/toolexec"
)

// goSubcommands are the go subcommands sqreen-build wraps.
var goSubcommands = map[string]bool{"build": true, "install": true, "run": true, "test": true, "vet": true}

// goCommand runs "go <sub> -toolexec '<self> toolexec' <args>".
func goCommand(args []string) error {
	if len(args) == 0 || !goSubcommands[args[0]] {
		return fmt.Errorf("usage: sqreen-build go build|install|run|test|vet [go flags] [packages]")
	}
	for _, a := range args[1:] {
		if a == "-toolexec" || strings.HasPrefix(a, "-toolexec=") || strings.HasPrefix(a, "--toolexec") {
			return fmt.Errorf("-toolexec: sqreen-build sets it; remove it from the command line")
		}
		if a == "-args" {
			break
		}
	}
	if err := ensurePinned(); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("locating sqreen-build: %w", err)
	}
	toolexecFlag := self + " toolexec"
	if strings.ContainsAny(self, " '\"") {
		toolexecFlag = fmt.Sprintf("%q toolexec", self)
	}
	reports, err := os.MkdirTemp("", "sqreen-build-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(reports)

	goArgs := append([]string{args[0], "-toolexec", toolexecFlag}, args[1:]...)
	cmd := exec.Command("go", goArgs...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "SQREEN_BUILD_REPORT_DIR="+reports)
	if verbose(args[1:]) && os.Getenv("SQREEN_BUILD_LOG") == "" {
		cmd.Env = append(cmd.Env, "SQREEN_BUILD_LOG=-")
	}
	runErr := cmd.Run()
	if runErr == nil || args[0] != "run" {
		fmt.Fprintln(os.Stderr, summary(reports))
	}
	return runErr
}

func verbose(args []string) bool {
	for _, a := range args {
		if a == "-v" || a == "-x" {
			return true
		}
		if a == "-args" {
			return false
		}
	}
	return false
}

// ensurePinned pins the runtime into the current module when its go.mod
// does not require it yet, saying so.
func ensurePinned() error {
	st, err := pin.Inspect(".")
	if errors.Is(err, pin.ErrNoModule) && inWorkspace() {
		return nil // the workspace's modules are pinned one by one
	}
	if err != nil {
		return err
	}
	if st.Pinned {
		if dir := pin.RuntimeDir(st); dir != "" {
			v, err := toolexec.RuntimeABI(filepath.Join(dir, "hooks"))
			if err != nil {
				return err
			}
			if v != hookpoint.ABIVersion {
				return fmt.Errorf("%w: the runtime pinned at %s has hooks ABI v%d, this sqreen-build %s speaks v%d; run \"sqreen-build pin\" with a matching sqreen-build", toolexec.ErrABISkew, dir, v, toolexec.Version, hookpoint.ABIVersion)
			}
		}
		return nil
	}
	fmt.Fprintf(os.Stderr, "sqreen-build: %s does not require %s yet; pinning it first\n", st.GoMod, pin.RuntimeModule)
	return pinCommand(nil)
}

// inWorkspace reports whether the go command runs in a go.work workspace.
func inWorkspace() bool {
	out, err := exec.Command("go", "env", "GOWORK").Output()
	w := strings.TrimSpace(string(out))
	return err == nil && w != "" && w != "off"
}

// summary is the one line printed at the end of a build: how many
// functions were instrumented, per hook point, by this build (objects
// from the build cache were instrumented by an earlier one).
func summary(dir string) string {
	entries, _ := os.ReadDir(dir)
	counts := map[string]int{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		var sites []rewrite.Site
		if json.Unmarshal(data, &sites) != nil {
			continue
		}
		for _, s := range sites {
			counts[s.Point]++
		}
	}
	if len(counts) == 0 {
		return "sqreen-build: instrumented packages up to date (from the build cache)"
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s=%d", n, counts[n])
	}
	return "sqreen-build: instrumented " + strings.Join(parts, " ")
}
