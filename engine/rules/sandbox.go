package rules

import (
	"fmt"
	"runtime/debug"
)

// The sandbox: every rule evaluation runs under recover, here and only
// here. A failure (a panic in a native plan or a detector, or an error from
// expr's VM, which turns panics inside helpers into errors) counts as no
// match, is counted on the rule, is reported once through the panic
// handler, and after maxPanics failures the rule is disabled for the life
// of the Set.

// PanicReport tells the panic handler about a failing rule.
type PanicReport struct {
	RuleID string
	Hook   HookPoint
	// Value is what the rule panicked with, or the VM's error.
	Value any
	// Stack is the goroutine's stack at the panic (nil for VM errors).
	Stack []byte
	// Disabled is set on the report sent when the rule is disabled.
	Disabled bool
	// Count is the number of failures so far.
	Count int64
}

func (r PanicReport) String() string {
	s := fmt.Sprintf("rule %s (%s) failed %d times: %v", r.RuleID, r.Hook, r.Count, r.Value)
	if r.Disabled {
		s += "; rule disabled"
	}
	return s
}

// run evaluates one rule under recover.
func (s *Set) run(c *compiled, st *evalState) (matched, failed bool) {
	defer func() {
		if v := recover(); v != nil {
			matched, failed = false, true
			s.fail(c, v, debug.Stack())
		}
	}()
	if c.native != nil {
		return c.native.eval(st), false
	}
	st.charge()
	ok, err := s.runProgram(c, st)
	if err != nil {
		s.fail(c, err, nil)
		return false, true
	}
	return ok, false
}

// fail counts a failure of c, reports it once, and disables c at the limit.
func (s *Set) fail(c *compiled, v any, stack []byte) {
	n := c.stats.panics.Add(1)
	report := s.cfg.onPanic
	if n == 1 && report != nil {
		report(PanicReport{RuleID: c.rule.ID, Hook: c.rule.Hook, Value: v, Stack: stack, Count: n})
	}
	if s.cfg.maxPanics > 0 && n >= int64(s.cfg.maxPanics) && c.disabled.CompareAndSwap(false, true) {
		i := hookIndex(c.rule.Hook)
		c.decidedCut.Store(s.decided[i].Load() + 1) // the pre-checks that counted it (see decidedFor)
		s.active[i].Add(-1)
		if c.rule.Hook == RequestHook {
			s.updateRequestGates()
		}
		if report != nil {
			report(PanicReport{RuleID: c.rule.ID, Hook: c.rule.Hook, Value: v, Disabled: true, Count: n})
		}
	}
}
