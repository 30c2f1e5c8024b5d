package main

import (
	"fmt"
	"os"

	"github.com/sqreen-go/sqreen/instrument/pin"
	"github.com/sqreen-go/sqreen/instrument/report"
	"github.com/sqreen-go/sqreen/instrument/toolexec"
)

// reportCommand runs "sqreen-build report [--json|--sarif|--inventory] [go flags] [packages]".
func reportCommand(args []string) error {
	format := "text"
	if len(args) > 0 && (args[0] == "--json" || args[0] == "-json") {
		format, args = "json", args[1:]
	} else if len(args) > 0 && (args[0] == "--sarif" || args[0] == "-sarif") {
		format, args = "sarif", args[1:]
	} else if len(args) > 0 && (args[0] == "--inventory" || args[0] == "-inventory") {
		format, args = "inventory", args[1:]
	}
	pkgs, err := report.Scan(defaultPackages(args))
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	switch format {
	case "json":
		return report.WriteJSON(os.Stdout, pkgs)
	case "sarif":
		return report.WriteSARIF(os.Stdout, pkgs, toolexec.Version)
	case "inventory":
		return report.WriteInventory(os.Stdout, pkgs)
	}
	return report.WriteText(os.Stdout, pkgs)
}

// diffCommand runs "sqreen-build diff [go flags] [packages]".
func diffCommand(args []string) error {
	pkgs, err := report.Scan(defaultPackages(args))
	if err != nil {
		return fmt.Errorf("diff: %w", err)
	}
	return report.WriteDiff(os.Stdout, pkgs)
}

// defaultPackages adds "." when args names no package, and the runtime's
// hooks package when the module pins it: the packages the runtime brings
// (database/sql, text/template, ...) are instrumented in the binary too.
func defaultPackages(args []string) []string {
	named := false
	for _, a := range args {
		if len(a) > 0 && a[0] != '-' {
			named = true
		}
	}
	if !named {
		args = append(args, ".")
	}
	if st, err := pin.Inspect("."); err == nil && st.Pinned {
		args = append(args, pin.HooksPackage)
	}
	return args
}
