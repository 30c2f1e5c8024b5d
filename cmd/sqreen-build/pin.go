package main

import (
	"fmt"

	"github.com/sqreen-go/sqreen/instrument/hookpoint"
	"github.com/sqreen-go/sqreen/instrument/pin"
	"github.com/sqreen-go/sqreen/instrument/toolexec"
)

// pinCommand runs "sqreen-build pin" in the current folder.
func pinCommand(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("usage: sqreen-build pin (no arguments)")
	}
	changes, err := pin.Pin(".", hookpoint.ABIVersion, toolexec.RuntimeABI)
	if err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	for _, c := range changes {
		fmt.Printf("sqreen-build pin: %s %s\n", c.What, c.Detail)
	}
	return nil
}
