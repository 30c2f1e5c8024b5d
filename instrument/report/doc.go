// Package report lists what sqreen-build instruments in a program without
// building it: Scan resolves the program's packages with go list, applies
// the hook table to those it names (package rewrite, the same code the
// build runs) and returns every site. Text, JSON and SARIF 2.1.0 writers
// serve people, scripts and code-scanning tools; Diff shows the rewritten
// source.
package report
