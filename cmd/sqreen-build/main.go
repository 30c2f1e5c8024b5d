package main

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/sqreen-go/sqreen/instrument/toolexec"
)

const usage = `usage:
	sqreen-build go build|install|run|test|vet [go flags] [packages]
	sqreen-build pin
	sqreen-build report [--json|--sarif|--inventory] [packages]
	sqreen-build diff [packages]
	sqreen-build version
	sqreen-build toolexec <tool> [args]`

func main() {
	os.Exit(run(os.Args[1:]))
}

// run dispatches a subcommand and returns the exit code.
func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "toolexec":
		err = toolexec.Run(args[1:])
	case "go":
		err = goCommand(args[1:])
	case "pin":
		err = pinCommand(args[1:])
	case "rules":
		return rulesCommand(args[1:], os.Stdout, os.Stderr)
	case "report":
		err = reportCommand(args[1:])
	case "diff":
		err = diffCommand(args[1:])
	case "version":
		fmt.Printf("sqreen-build %s (%s)\n", toolexec.Version, toolexec.Suffix())
	case "help", "-h", "--help":
		fmt.Println(usage)
	default:
		fmt.Fprintf(os.Stderr, "sqreen-build: unknown command %q\n%s\n", args[0], usage)
		return 2
	}
	if err == nil {
		return 0
	}
	if exit, ok := err.(*exec.ExitError); ok {
		// The tool or go command we ran has already said why.
		return exit.ExitCode()
	}
	fmt.Fprintln(os.Stderr, "sqreen-build:", err)
	return 1
}
