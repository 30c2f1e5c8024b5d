package agent

import "github.com/sqreen-go/sqreen/engine/rules"

// builtinRules returns the rules embedded in the engine.
func builtinRules() []rules.Rule {
	return nil // TODO: rules.Builtin() once engine/rules has it
}
