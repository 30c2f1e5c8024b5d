package agent

import (
	"fmt"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/engine/rules"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// Has reports whether any rule runs at hook point h: one atomic load.
func (a *Agent) Has(h rules.HookPoint) bool {
	return a.rules.Load().set.Has(h)
}

// Check runs the rules of hook point h on in, for the request req in
// flight, and acts on what matched: every match is reported (rate
// limited), and the first match whose action is block stops the request
// (block page, context cancelled) and is returned as a *reqctx.BlockError.
// in.Request is filled from req. Check fails open: a panic anywhere in it
// is recovered, counted and logged once, and the call goes on.
func (a *Agent) Check(h rules.HookPoint, req *reqctx.Request, in *rules.Input) error {
	return a.check(h, req, in, nil)
}

// check is Check keeping only the matches keep accepts (nil: all).
func (a *Agent) check(h rules.HookPoint, req *reqctx.Request, in *rules.Input, keep func(*rules.Match) bool) (err error) {
	if req == nil || req.Exempt {
		return nil
	}
	if b := req.Blocked(); b != nil {
		return b // the request is already stopped: no protected call goes on
	}
	set := a.rules.Load().set
	if !set.Has(h) {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			a.metrics.add(CounterPanics, 1)
			a.log.once("panic", fmt.Sprintf("sqreen: recovered from a panic in the %s check", h), "panic", fmt.Sprint(p))
			err = nil
		}
	}()
	if h != rules.RequestHook {
		a.parseBody(req)
	}
	in.Request = ruleRequest(set, req)
	res := set.Eval(h, in, &req.Budget)
	a.metrics.hook(string(h)).Record(res.Elapsed)
	if res.Skipped > 0 {
		a.metrics.add(CounterBudgetOverruns, 1)
		a.metrics.add(CounterChecksSkipped, uint64(res.Skipped))
	}
	if res.Panics > 0 {
		a.metrics.add(CounterPanics, uint64(res.Panics))
	}
	matches := res.Matches
	if keep != nil {
		matches = matches[:0:0]
		for i := range res.Matches {
			if keep(&res.Matches[i]) {
				matches = append(matches, res.Matches[i])
			}
		}
	}
	if len(matches) > 0 && h != rules.RequestHook && calledFromIgnored() {
		return nil // //sqreen:ignore in the caller (see inventory.go)
	}
	return a.act(h, req, matches, sinkText(in))
}

// parseBody parses req's body, if it has one not parsed yet, for the
// sink rules: they see body inputs.
func (a *Agent) parseBody(req *reqctx.Request) {
	if req.HasBody() {
		if _, parsed := req.ParsedBody(); !parsed {
			if _, err := req.Body(); err != nil {
				a.metrics.add(CounterBodyUnparsed, 1)
			}
		}
	}
}

// Unmatched reports whether the rules of the sink hook h are sure to
// match nothing in in, for the request req in flight, without running a
// detector: req is exempt, or the rule set dismisses in (see
// rules.Set.Unmatched: every rule of h is a lone context-aware detector
// call and no input of req may reach the sink). Hooks ask it first, with
// only the sink's string in in (whose Request it leaves unset), and call
// Check when it answers false: for most queries of most requests it is
// the whole check, a fraction of Check's cost. At the request hook (in
// empty) it asks the same of the request rules, on the request as it
// came, before its body is read. It answers false for a
// request already blocked, so that Check returns its error. It fails
// open: after a panic it answers true.
func (a *Agent) Unmatched(h rules.HookPoint, req *reqctx.Request, in *rules.Input) (unmatched bool) {
	if req == nil || req.Exempt {
		return true
	}
	if req.Blocked() != nil {
		return false
	}
	set := a.rules.Load().set
	if !set.Has(h) {
		return true
	}
	defer func() {
		if p := recover(); p != nil {
			a.metrics.add(CounterPanics, 1)
			a.log.once("panic", fmt.Sprintf("sqreen: recovered from a panic in the %s pre-check", h), "panic", fmt.Sprint(p))
			unmatched = true
		}
	}()
	if h == rules.RequestHook {
		return a.requestUnmatched(set, req)
	}
	a.parseBody(req)
	var raw rules.Request
	rawRequest(req, &raw)
	unmatched, ok := set.SinkUnmatchedRaw(h, &raw, in)
	if !ok {
		unmatched = set.Unmatched(h, ruleRequest(set, req), in)
	}
	if !unmatched {
		return false
	}
	a.metrics.decided(h)
	return true
}

// maxSink bounds the sink text kept in an event: the part around the
// input that reached it (see clipAround).
const maxSink = 1024

// sinkText returns the sink argument the rules saw, for the event.
func sinkText(in *rules.Input) string {
	var s string
	switch {
	case in.SQL != nil:
		s = in.SQL.Query
	case in.Shell != nil:
		s = in.Shell.Command
	case in.File != nil:
		s = in.File.Path
	case in.HTTPClient != nil:
		s = in.HTTPClient.URL
	case in.Template != nil:
		s = in.Template.Output
	}
	return s
}

// act reports matches and blocks on the first blocking one.
func (a *Agent) act(h rules.HookPoint, req *reqctx.Request, matches []rules.Match, sink string) error {
	var block *reqctx.BlockError
	for _, m := range matches {
		act := a.action(m.RuleID, m.Action)
		a.reportAttack(h, req, m, act, sink)
		if act == rules.Block && block == nil {
			block = &reqctx.BlockError{RuleID: m.RuleID, HookPoint: string(h)}
		}
	}
	if block == nil {
		return nil
	}
	a.metrics.add(CounterBlocked, 1)
	return req.Block(block)
}

// reportAttack queues an attack event for m, unless the rate limit says no.
func (a *Agent) reportAttack(h rules.HookPoint, req *reqctx.Request, m rules.Match, act rules.Action, sink string) {
	now := time.Now()
	if !a.limiter.allow(now) {
		a.metrics.add(CounterEventsLimited, 1)
		return
	}
	input, keep := a.evidenceInput(m.Evidence)
	e := Event{
		Kind:      KindAttack,
		Time:      now,
		RuleID:    m.RuleID,
		HookPoint: string(h),
		Action:    string(act),
		Severity:  m.Severity,
		Evidence: Evidence{
			Source: m.Evidence.Source,
			Input:  input,
			Detail: a.scrub.ScrubEvidence(m.Evidence.Detail, keep),
		},
		Request: a.summary(req),
	}
	if sink != "" {
		e.Sink = a.scrub.ScrubEvidence(clipAround(sink, m.Evidence.Input, maxSink), keep)
	}
	if h != rules.RequestHook {
		e.Stack = appStack(3)
	}
	a.queue(e)
}

// evidenceInput returns the input of ev as an event may carry it, and
// what the scrubber must keep of it in the event's other texts (see
// ScrubEvidence). An attack's payload is kept, but for its secrets. A
// request field that a custom condition merely read (rules.DetailRead)
// is scrubbed as the request summary scrubs it (ScrubValue: redacted
// whole under a sensitive name such as header.authorization; any cookie,
// as the summary redacts the Cookie header whole), and what was scrubbed
// of it is kept nowhere.
func (a *Agent) evidenceInput(ev rules.Evidence) (input, keep string) {
	if ev.Detail != rules.DetailRead {
		return a.scrub.ScrubEvidence(ev.Input, ev.Input), ev.Input
	}
	kind, key, _ := strings.Cut(ev.Source, ".")
	input = redacted
	if !a.scrub.SensitiveKey(kind) {
		input = a.scrub.ScrubValue(key, ev.Input)
	}
	if input != ev.Input {
		return input, ""
	}
	return input, input
}

// queue pushes e, counting it when the queue is full.
func (a *Agent) queue(e Event) {
	if !a.events.push(e) {
		a.metrics.add(CounterEventsDropped, 1)
	}
}

// ownPrefixes are the frames appStack leaves out: the agent's own.
var ownPrefixes = [...]string{"github.com/sqreen-go/sqreen/runtime/", "github.com/sqreen-go/sqreen/engine/"}

// isOwnFrame reports whether a frame is the agent's (test files are never
// linked into apps, so their frames count as the app's).
func isOwnFrame(fn, file string) bool {
	if strings.HasSuffix(file, "_test.go") {
		return false
	}
	for _, p := range ownPrefixes {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return strings.Contains(fn, "__sqreen_")
}

// Inputs returns the user inputs of req, as the rules see them.
func (a *Agent) Inputs(req *reqctx.Request) []rules.InputValue {
	return viewOf(req).Inputs()
}

// BlockDial stops req because an outgoing request driven by its inputs
// dialled an internal address, unless the SSRF rule is in monitor mode.
func (a *Agent) BlockDial(req *reqctx.Request, address, reason string) error {
	const ruleID = "rasp-ssrf-dial"
	act := a.action(ruleID, rules.Block)
	m := rules.Match{RuleID: ruleID, Hook: rules.HTTPClient, Action: act,
		Evidence: rules.Evidence{Input: address, Detail: "dialled " + reason}}
	return a.act(rules.HTTPClient, req, []rules.Match{m}, address)
}
