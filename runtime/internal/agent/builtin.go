package agent

import "github.com/sqreen-go/sqreen/engine/rules"

// builtinRules returns the rules embedded in the engine: every agent
// starts protected by them, before any platform is reached.
func builtinRules() []rules.Rule { return rules.Builtin() }
