package main

import "fmt"

func reportCommand(args []string) error { return fmt.Errorf("report: not implemented yet") }

func diffCommand(args []string) error { return fmt.Errorf("diff: not implemented yet") }
