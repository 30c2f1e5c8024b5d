package toolexec

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Run runs one tool invocation: args[0] is the tool's path, the rest its
// arguments. It returns the tool's exit error, if any.
func Run(args []string) error {
	if len(args) == 0 {
		return errors.New("toolexec: no tool given (usage: sqreen-build toolexec <tool> [args])")
	}
	tool, targs := args[0], args[1:]
	name := strings.TrimSuffix(filepath.Base(tool), ".exe")
	if len(targs) == 1 && targs[0] == "-V=full" && (name == "compile" || name == "link") {
		return printVersion(tool, targs)
	}
	var err error
	switch name {
	case "compile":
		targs, err = compile(tool, targs)
	case "link":
		targs, err = link(tool, targs)
	}
	if err != nil {
		return fmt.Errorf("sqreen-build toolexec %s: %w", name, err)
	}
	return runTool(tool, targs)
}

// runTool runs the tool with the process's own standard streams.
func runTool(tool string, args []string) error {
	cmd := exec.Command(tool, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd.Run()
}

// logf writes to the file named by SQREEN_BUILD_LOG ("-" or "1": stderr).
func logf(format string, args ...any) {
	dest := os.Getenv("SQREEN_BUILD_LOG")
	if dest == "" {
		return
	}
	line := fmt.Sprintf("sqreen-build: "+format+"\n", args...)
	if dest == "-" || dest == "1" {
		fmt.Fprint(os.Stderr, line)
		return
	}
	f, err := os.OpenFile(dest, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	f.WriteString(line)
}

// flagValue returns the value of -name in args ("-name v" or "-name=v").
func flagValue(args []string, name string) (string, int) {
	for i, a := range args {
		if a == "-"+name && i+1 < len(args) {
			return args[i+1], i + 1
		}
		if v, ok := strings.CutPrefix(a, "-"+name+"="); ok {
			return v, i
		}
	}
	return "", -1
}
