package rules

import (
	"strings"
	"time"
)

// evalState is what one rule evaluation works with: the input, the
// request's user inputs, the detectors and the evidence found so far. Set.Eval
// keeps it on its stack for native plans; the expr VM gets a pooled copy.
type evalState struct {
	in  *Input
	req *Request
	// inputs are the request's inputs, listed on first need (see load): a
	// request whose parameters the pre-filter rules out for every request
	// rule is never listed.
	inputs []InputValue
	// classes are the byte classes of inputs' values (see prefilter.go).
	classes []byteClass
	loaded  bool // inputs and classes are set
	// params are the helpers some parameter is a candidate for when
	// paramsSet, found without listing the inputs (see
	// Request.rawCandidates).
	params    helperSet
	paramsSet bool
	det       *Detectors
	// cur is the index in inputs of the value any_input is testing, or -1.
	cur int
	ev  Evidence
	hit bool // ev is set
	// work counts the detector calls and regular expressions run since
	// the evaluation of the rule began: a rule without any costs too
	// little to read the clock for (see Set.Eval).
	work int
	// clock is when the time being measured started (see monoNow), once
	// clocked: at the first work of the evaluation (charge), at its start
	// for a long sink, then at the end of each rule measured.
	clock   time.Duration
	clocked bool
}

// epoch is the origin of monoNow.
var epoch = time.Now()

// monoNow reads the monotonic clock, as the time since epoch. It is what
// evaluations time rules with, rather than time.Now, which also reads the
// wall clock: the second read doubles the cost of a clock read (24 to 48
// ns on the 2-core AMD EPYC virtual machine of docs/PERFORMANCE.md), and
// a request's evaluation reads the clock two to four times.
func monoNow() time.Duration { return time.Since(epoch) }

// lazyClockMax is the longest sink whose evaluation starts measuring time
// only at its first detector call: until then, only the pre-filter and
// the search of the inputs in the sink run, which costs little in a sink
// this short.
const lazyClockMax = 4096

// sinkLen returns the length of the sink string the context-aware
// helpers search the inputs in; 0 at the request and response hooks.
func sinkLen(st *evalState) int {
	in := st.in
	switch {
	case in.SQL != nil:
		return len(in.SQL.Query)
	case in.Shell != nil:
		return len(in.Shell.Command)
	case in.File != nil:
		return len(in.File.Path)
	case in.HTTPClient != nil:
		return len(in.HTTPClient.URL)
	case in.Template != nil:
		return len(in.Template.Output)
	}
	return 0
}

// startClock starts measuring time unless it is already measured.
func (st *evalState) startClock() {
	if !st.clocked {
		st.clock, st.clocked = monoNow(), true
	}
}

// charge notes work about to be done: a detector call, a regular
// expression, expr's VM. The first starts the clock.
func (st *evalState) charge() {
	st.work++
	st.startClock()
}

// record keeps the first evidence of the evaluation.
func (st *evalState) record(source, input, detail string) {
	if st.hit {
		return
	}
	st.hit = true
	st.ev = Evidence{Source: source, Input: input, Detail: detail}
}

// load lists the request's inputs, once per evaluation state.
func (st *evalState) load() {
	if st.loaded {
		return
	}
	st.loaded = true
	st.inputs = st.req.Inputs()
	st.classes = st.req.inputClasses()
}

// sourceOf names the request input s came from: the input any_input is
// testing, else the first input equal to s, else "".
func (st *evalState) sourceOf(s string) string {
	if st.cur >= 0 && st.cur < len(st.inputs) && st.inputs[st.cur].Value == s {
		return st.inputs[st.cur].Source()
	}
	st.load()
	for _, v := range st.inputs {
		if v.Value == s {
			return v.Source()
		}
	}
	return ""
}

// recordInput records evidence for the input whose value is v (a parameter
// when params is set), unless evidence was recorded already.
func (st *evalState) recordInput(v string, params bool) {
	st.load()
	for _, in := range st.inputs {
		if in.Value == v && (!params || in.IsParam()) {
			st.record(in.Source(), v, "")
			return
		}
	}
}

// call runs a stateful helper; b is the second argument when the helper has
// two.
func (st *evalState) call(id helperID, a, b string) bool {
	d := st.det
	switch id {
	case hSQLInjection:
		if d.SQLInjection == nil {
			return false
		}
		st.load()
		for i, v := range st.inputs {
			if st.sinkCandidate(hSQLInjection, a, i) {
				st.charge()
				if why, ok := d.SQLInjection(a, v.Value, b); ok {
					st.record(v.Source(), v.Value, why)
					return true
				}
			}
		}
	case hShellInjection:
		return st.sink(hShellInjection, d.ShellInjection, a)
	case hPathTraversal:
		return st.sink(hPathTraversal, d.PathTraversal, a)
	case hSSRF:
		return st.sink(hSSRF, d.SSRF, a)
	case hTemplateXSS:
		return st.sink(hTemplateXSS, d.TemplateXSS, a)
	case hIsSQLi:
		return st.signature(hIsSQLi, d.IsSQLi, a)
	case hIsXSS:
		return st.signature(hIsXSS, d.IsXSS, a)
	case hIsScanner:
		return st.signature(hIsScanner, d.IsScanner, a)
	}
	return false
}

// sink runs the context-aware detector of helper h on every request input
// that may reach the sink string (see sinkCandidate).
func (st *evalState) sink(h helperID, detect func(sink, input string) (string, bool), sink string) bool {
	if detect == nil {
		return false
	}
	st.load()
	for i, v := range st.inputs {
		if st.sinkCandidate(h, sink, i) {
			st.charge()
			if why, ok := detect(sink, v.Value); ok {
				st.record(v.Source(), v.Value, why)
				return true
			}
		}
	}
	return false
}

// detectorSet reports whether the detector of context-aware helper h is
// set: a rule calling a missing one matches nothing (see call).
func (st *evalState) detectorSet(h helperID) bool {
	d := st.det
	switch h {
	case hSQLInjection:
		return d.SQLInjection != nil
	case hShellInjection:
		return d.ShellInjection != nil
	case hPathTraversal:
		return d.PathTraversal != nil
	case hSSRF:
		return d.SSRF != nil
	case hTemplateXSS:
		return d.TemplateXSS != nil
	}
	return false
}

// sinkCandidate reports whether the context-aware detector of helper h
// is to run on input i, for the sink string sink: the inputs of two bytes
// or more found in the sink, and those that may reach it in a form the
// detector knows. An input with a quote may be in a query only escaped
// (quotes doubled or backslashed), which the SQL detector looks for too
// (when the pre-filter does not rule the input out); one with a "%" may
// be percent-decoded once more by the application, which the path
// traversal detector looks for. Set.Unmatched answers with it without
// running a detector, so it must keep every input a detector may flag.
// st.load has run.
func (st *evalState) sinkCandidate(h helperID, sink string, i int) bool {
	v := st.inputs[i].Value
	if len(v) < 2 {
		return false
	}
	switch h {
	case hSQLInjection:
		return st.mayMatch(h, i) && (strings.Contains(sink, v) || strings.IndexByte(v, '\'') >= 0)
	case hPathTraversal:
		return strings.Contains(sink, v) || strings.IndexByte(v, '%') >= 0
	}
	return strings.Contains(sink, v)
}

// signature runs the input-only detector of helper h on s; untimed when
// it is cheap there (see Detectors.cheap).
func (st *evalState) signature(h helperID, detect func(string) (string, bool), s string) bool {
	if detect == nil {
		return false
	}
	if !st.det.cheap.has(h) || len(s) > cheapMax {
		st.charge()
	}
	why, ok := detect(s)
	if ok {
		st.record(st.sourceOf(s), s, why)
	}
	return ok
}

// mayMatch reports whether helper h could flag input i (see prefilter.go):
// false only when the pre-filter applies to h and rules the input out.
func (st *evalState) mayMatch(h helperID, i int) bool {
	if !st.det.pre.has(h) || i >= len(st.classes) {
		return true
	}
	return len(st.inputs[i].Value) >= 2 && candidate(h, st.classes[i])
}

// mayMatchAny reports whether helper h could flag some input (some
// parameter when params is set), from the request's union of classes.
func (st *evalState) mayMatchAny(h helperID, params bool) bool {
	if !st.det.pre.has(h) || st.req == nil {
		return true
	}
	if !params {
		st.load()
		return candidate(h, st.req.allClass)
	}
	if !st.loaded && !st.paramsSet {
		st.params, st.paramsSet = st.req.rawCandidates()
	}
	if !st.paramsSet {
		st.load()
		return candidate(h, st.req.paramClass)
	}
	return st.params.has(h)
}
