package rules

import "fmt"

// Error is a problem with one rule, found by Parse or Compile. It points at
// the rule file's text: File, Line and Col (both from 1) locate the problem,
// and RuleID names the rule ("" when the problem is outside any rule).
type Error struct {
	File   string
	Line   int
	Col    int
	RuleID string
	// Msg says what is wrong, e.g. expr's message for a bad condition.
	Msg string
	// Err is the underlying error, if any (for errors.Is/As).
	Err error
}

func (e *Error) Error() string {
	loc := e.File
	if loc == "" {
		loc = "<rules>"
	}
	switch {
	case e.Line > 0 && e.Col > 0:
		loc = fmt.Sprintf("%s:%d:%d", loc, e.Line, e.Col)
	case e.Line > 0:
		loc = fmt.Sprintf("%s:%d", loc, e.Line)
	}
	if e.RuleID != "" {
		return fmt.Sprintf("%s: rule %s: %s", loc, e.RuleID, e.Msg)
	}
	return loc + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }
