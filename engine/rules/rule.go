package rules

// Rule is one rule: a condition in the expr language evaluated at one hook
// point, and what to do when it holds. Rules are data: the built-in
// protections are rules of this same shape (see Builtin).
type Rule struct {
	// ID identifies the rule in events, counters and the platform. It is
	// unique within a Set: lower-case letters, digits, '-', '_' and '.'.
	ID string
	// Name is a short human title; it defaults to ID.
	Name string
	// Hook is where the rule runs; it decides the condition's environment.
	Hook HookPoint
	// Condition is the expr expression; it must evaluate to a bool.
	Condition string
	// Action is what a match does: Block or Monitor (the default).
	Action Action
	// Severity is "low", "medium" (the default), "high" or "critical".
	Severity string
	// Tags are free labels such as "sqli" or "owasp-a03".
	Tags []string
	// Tests are the rule's own cases, run by RunTests.
	Tests []TestCase
	// Disabled rules are parsed and kept, but never compiled nor evaluated.
	Disabled bool
	// Pos is where the rule starts in its file.
	Pos Position
	// ConditionPos is where the condition's text starts in its file; rule
	// compile errors are reported relative to it.
	ConditionPos Position
	// conditionBlock is set when the condition is a YAML block scalar (| or
	// >): every line of the expression then starts at ConditionPos.Col.
	conditionBlock bool
}

// Position is a place in a rule file. Line and Col start at 1.
type Position struct {
	File string
	Line int
	Col  int
}

// TestCase is one case of a rule's tests: an input and the expected verdict.
type TestCase struct {
	// Name describes the case.
	Name string
	// Input is the request and sink the rule is evaluated on.
	Input Fixture
	// Expect is "match" or "no_match".
	Expect string
	// Pos is where the case starts in its file.
	Pos Position
}

// The two verdicts a TestCase can expect.
const (
	ExpectMatch   = "match"
	ExpectNoMatch = "no_match"
)

// severities lists the accepted severities, lowest first.
var severities = [...]string{"low", "medium", "high", "critical"}

func validSeverity(s string) bool {
	for _, v := range severities {
		if s == v {
			return true
		}
	}
	return false
}

// validID reports whether id is a well-formed rule id.
func validID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.':
		default:
			return false
		}
	}
	return true
}
