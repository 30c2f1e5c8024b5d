package hooks

import (
	"strings"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

func execHook(path string, argv []string) error {
	if !agent.InFlight() {
		return nil
	}
	return execSlow(path, argv)
}

func execSlow(path string, argv []string) error {
	return execCheck(agent.Current(), reqctx.OfGoroutine(), path, argv)
}

func execCheck(a *agent.Agent, req *reqctx.Request, path string, argv []string) error {
	if a == nil || req == nil || !a.Has(rules.Shell) {
		return nil
	}
	if constantArgs(argv) && a.ConstantUnmatched(agent.SinkShell, req) {
		return nil // exec.Command("sh", "-c", "...") written in the program
	}
	return a.Check(rules.Shell, req, &rules.Input{Shell: shellSink(path, argv)})
}

// constantArgs reports whether every argument of a process start is a
// constant of the program (the path is not: exec.LookPath builds it): the
// shell rules' command, one of them or all joined, then is too.
func constantArgs(argv []string) bool {
	for _, s := range argv {
		if !constant(s) {
			return false
		}
	}
	return len(argv) > 0
}

// shells are the programs whose -c argument is a shell command line.
var shells = [...]string{"sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"}

// shellSink describes a process start for the shell rules: for a shell
// given a command with -c (sh -c, bash -ec, busybox sh -c, ...), the
// command line; otherwise argv joined with spaces.
func shellSink(path string, argv []string) *rules.ShellSink {
	if cmd, ok := shellCommand(path, argv); ok {
		return &rules.ShellSink{Command: cmd, Argv: argv}
	}
	return &rules.ShellSink{Command: strings.Join(argv, " "), Argv: argv}
}

// shellCommand returns the command string of a shell invocation.
func shellCommand(path string, argv []string) (string, bool) {
	prog := path
	if len(argv) > 0 {
		prog = argv[0]
	}
	if !isShell(prog) && !isShell(path) {
		return "", false
	}
	args := argv
	if len(args) > 0 {
		args = args[1:]
	}
	if base(prog) == "busybox" && len(args) > 0 && isShell(args[0]) {
		args = args[1:]
	}
	hasC := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" || a == "-":
			if hasC && i+1 < len(args) {
				return args[i+1], true
			}
			return "", false
		case a == "-o" || a == "+o" || a == "-O" || a == "+O":
			i++ // the option's name
		case len(a) > 1 && (a[0] == '-' || a[0] == '+'):
			if a[0] == '-' && !strings.HasPrefix(a, "--") && strings.ContainsRune(a[1:], 'c') {
				hasC = true
			}
		default:
			// The first operand: the command with -c, else a script file.
			if !hasC {
				return "", false
			}
			return a, true
		}
	}
	return "", false
}

func isShell(p string) bool {
	b := base(p)
	for _, s := range shells {
		if b == s {
			return true
		}
	}
	return false
}

func base(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	return strings.TrimSuffix(p, ".exe")
}
