package agent

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/sqreen-go/sqreen/engine/rules"
)

// loadRules compiles the built-in rules plus the rule files at paths. It
// always returns a usable set: a file or rule that fails is left out and
// reported.
func loadRules(paths []string, opts ...rules.Option) (*rules.Set, []error) {
	var errs []error
	all := builtinRules()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("rule file: %w", err))
			continue
		}
		rs, err := rules.ParseWithoutTests(p, data)
		if err != nil {
			errs = append(errs, err)
		}
		all = append(all, rs...)
	}
	set, cerrs := rules.Compile(all, opts...)
	return set, append(errs, cerrs...)
}

// compileRules compiles the built-in rules plus files, all or nothing. A
// rule of files with the id of a built-in rule replaces it.
func compileRules(files map[string][]byte, opts ...rules.Option) (*rules.Set, error) {
	var all []rules.Rule
	var errs []error
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	replaced := map[string]bool{}
	for _, name := range names {
		rs, err := rules.ParseWithoutTests(name, files[name])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, r := range rs {
			replaced[r.ID] = true
		}
		all = append(all, rs...)
	}
	for _, r := range builtinRules() {
		if !replaced[r.ID] {
			all = append(all, r)
		}
	}
	set, cerrs := rules.Compile(all, opts...)
	errs = append(errs, cerrs...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return set, nil
}

// ruleOptions are the options the agent compiles rules with: a failing
// rule is logged (at most once a minute per rule) besides being counted.
func (a *Agent) ruleOptions() []rules.Option {
	return []rules.Option{rules.WithPanicHandler(func(r rules.PanicReport) {
		a.log.once("rule "+r.RuleID, "sqreen: a rule failed and was treated as no match", "report", r.String())
	})}
}
