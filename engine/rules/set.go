package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/expr-lang/expr/vm"

	"github.com/sqreen-go/sqreen/engine/budget"
	"github.com/sqreen-go/sqreen/engine/stripe"
)

// Set is a compiled set of rules. It is immutable but for its counters
// and the User-Agents it knows to match no rule on the User-Agent alone,
// and safe for concurrent use.
type Set struct {
	cfg    config
	rules  []*compiled
	hooks  [numHooks][]*compiled
	active [numHooks]atomic.Int32 // enabled rules per hook
	// reqGates is what requestUnmatched needs of the enabled request
	// rules, in one word (see updateRequestGates), kept up to date as rules
	// are disabled: reading each rule took a cache line per rule and
	// request.
	reqGates atomic.Uint64
	version  string
	// readsIP is set when some rule may read request.client_ip (see
	// ReadsClientIP).
	readsIP bool
	// constant is set for the sink hooks whose every rule a constant
	// sink cannot trigger (see ConstantSinkUnmatched).
	constant [numHooks]bool
	// decided counts, by hook, the pre-checks that decided every enabled
	// rule of the hook without running it (see countEvals): one counter
	// where each rule's own took a cache line each, per check.
	decided [numHooks]stripe.Counter
	// xssOnly: every template rule is TemplateXSSCondition (see
	// TemplateXSSOnly).
	xssOnly bool
	// vms and states recycle what rules without a native plan need to
	// run on expr's VM (see runProgram).
	vms    sync.Pool // *vm.VM
	states sync.Pool // *evalState
	// userAgents are the User-Agents known to meet none of the rules on
	// the User-Agent alone (see userAgentClean): copied on write, read
	// without a lock.
	userAgents   atomic.Pointer[agentTable]
	userAgentsMu sync.Mutex
}

// agentTable is a set of up to maxUserAgents strings, open addressed in
// twice as many slots (linear probing; "" is a free slot, and the empty
// User-Agent is kept apart, in empty). It replaced a map: a lookup, on
// every request, ran the runtime's map code and read the map's header,
// directory and group, 19 lines of code and data when nothing is cached
// (bench/footprint -inclusive); here it is one slot's line and the
// string's.
type agentTable struct {
	n     int
	empty bool
	slots [2 * maxUserAgents]string
}

// agentSlot is where the probe for ua starts: FNV-1a of its bytes.
func agentSlot(ua string) int {
	h := uint32(2166136261)
	for i := 0; i < len(ua); i++ {
		h = (h ^ uint32(ua[i])) * 16777619
	}
	return int(h % (2 * maxUserAgents))
}

// has reports whether t holds ua.
func (t *agentTable) has(ua string) bool {
	if ua == "" {
		return t.empty
	}
	for i := agentSlot(ua); ; i = (i + 1) % len(t.slots) {
		switch t.slots[i] {
		case ua:
			return true
		case "":
			return false
		}
	}
}

// with returns a copy of t (nil: empty) that holds ua too.
func (t *agentTable) with(ua string) *agentTable {
	c := new(agentTable)
	if t != nil {
		*c = *t
	}
	if c.has(ua) {
		return c
	}
	c.n++
	if ua == "" {
		c.empty = true
		return c
	}
	i := agentSlot(ua)
	for c.slots[i] != "" {
		i = (i + 1) % len(c.slots)
	}
	c.slots[i] = strings.Clone(ua)
	return c
}

// Bounds of Set.userAgents: past them a User-Agent's request rules run on
// every request, as before the cache. A few dozen agents make most of a
// service's traffic; a client sending a new one with every request fills
// the cache once and no more.
const (
	maxUserAgents   = 256
	maxUserAgentLen = 512
)

func (s *Set) add(c *compiled) {
	s.rules = append(s.rules, c)
	if c.native == nil || readsField(c.native, fClientIP) {
		s.readsIP = true // expr's VM may read any field
	}
	i := hookIndex(c.rule.Hook)
	s.hooks[i] = append(s.hooks[i], c)
	s.active[i].Add(1)
}

// finish computes the version and the hooks' constant flags once every
// rule is in.
func (s *Set) finish() {
	for i, rules := range s.hooks {
		s.constant[i] = inputDriven(hookTable[i].point, rules)
	}
	s.updateRequestGates()
	s.xssOnly = true
	for _, c := range s.hooks[hookIndex(Template)] {
		if strings.Join(strings.Fields(c.rule.Condition), "") != TemplateXSSCondition {
			s.xssOnly = false
		}
	}
	h := sha256.New()
	for _, c := range s.rules {
		r := &c.rule
		for _, f := range []string{r.ID, string(r.Hook), r.Condition, string(r.Action), r.Severity} {
			h.Write([]byte(f))
			h.Write([]byte{0})
		}
	}
	s.version = hex.EncodeToString(h.Sum(nil)[:8])
}

// ReadsClientIP reports whether some rule of the set may read
// request.client_ip: one whose native plan reads it, or any that runs on
// expr's VM. The runtime finds a request's client IP only when one may
// (or when something else needs it): behind a proxy it means reading the
// forwarding headers, on every request.
func (s *Set) ReadsClientIP() bool { return s != nil && s.readsIP }

// Version identifies the rules of the set: a hash of every compiled rule's
// id, hook, condition, action and severity, for events and heartbeats.
func (s *Set) Version() string { return s.version }

// Rules returns the compiled rules, with defaults filled in.
func (s *Set) Rules() []Rule {
	out := make([]Rule, len(s.rules))
	for i, c := range s.rules {
		out[i] = c.rule
	}
	return out
}

// Has reports whether any enabled rule runs at hook h. It costs one atomic
// load: hooks call it before building an Input.
func (s *Set) Has(h HookPoint) bool {
	if s == nil {
		return false
	}
	i := hookIndex(h)
	return i >= 0 && s.active[i].Load() > 0
}

// Result is the outcome of evaluating the rules of one hook. The zero value
// means nothing matched.
type Result struct {
	// Matches are the rules that matched, in rule order.
	Matches []Match
	// Skipped counts the rules not evaluated because the budget was spent.
	Skipped int
	// Elapsed is the time spent evaluating (charged to the budget).
	Elapsed time.Duration
	// Slowest is the id of the rule whose evaluation took longest, and
	// SlowestElapsed its time: what to look at when budgets run out.
	// Set.Stats has every rule's cumulative time.
	Slowest        string
	SlowestElapsed time.Duration
	// Panics counts the rules whose evaluation failed (a panic in the rule
	// or a helper, or an expr runtime error); they count as no match.
	Panics int
}

// Blocked reports whether a matching rule's action is Block.
func (r *Result) Blocked() bool {
	for i := range r.Matches {
		if r.Matches[i].Action == Block {
			return true
		}
	}
	return false
}

// Match is one matching rule.
type Match struct {
	RuleID   string
	RuleName string
	Hook     HookPoint
	Action   Action
	Severity string
	Evidence Evidence
	// Elapsed is the time the rule's evaluation took.
	Elapsed time.Duration
}

// Evidence says what made a rule match.
type Evidence struct {
	// Source is the request input involved, e.g. "query.q" or
	// "header.user-agent"; "" when the match involves no single input.
	Source string
	// Input is the value that matched.
	Input string
	// Detail is the detector's reason, e.g. "leaves string literal".
	Detail string
}

// Eval evaluates the enabled rules of hook h on in, charging the time to b
// (nil: unlimited). When b is exhausted, the remaining rules are skipped
// and counted, in Result.Skipped and in b. Eval never panics: a failing
// rule counts as no match (fail open). It allocates nothing when no rule
// matches and every rule has a native plan.
func (s *Set) Eval(h HookPoint, in *Input, b *budget.Budget) Result {
	var res Result
	if s == nil || in == nil {
		return res
	}
	i := hookIndex(h)
	if i < 0 || s.active[i].Load() == 0 || !sinkPresent(h, in) {
		return res
	}
	st := evalState{in: in, req: in.Request, det: &s.cfg.detectors, cur: -1}
	rules := s.hooks[i]
	if sinkLen(&st) > lazyClockMax {
		st.startClock() // looking for the inputs in a long sink takes time
	}
	var spent time.Duration
	for k, c := range rules {
		if c.disabled.Load() {
			continue
		}
		if b.Exhausted(spent) {
			n := 0
			for _, c := range rules[k:] {
				if !c.disabled.Load() {
					n++
				}
			}
			res.Skipped = n
			b.Skip(n)
			break
		}
		st.hit, st.cur, st.work = false, -1, 0
		matched, failed := s.run(c, &st)
		if !matched && !failed && st.work == 0 {
			// Decided without a detector, a regular expression or expr's
			// VM (by the pre-filter, or by comparing fields): reading the
			// clock would cost more than the rule. Its time is charged
			// to the next rule whose time is read.
			c.stats.hot.Local().evals.Add(1)
			continue
		}
		st.startClock() // a match decided without work: ~0
		now := monoNow()
		d := now - st.clock
		st.clock = now
		spent += d
		hot := c.stats.hot.Local()
		hot.evals.Add(1)
		hot.nanos.Add(int64(d))
		if d > res.SlowestElapsed {
			res.Slowest, res.SlowestElapsed = c.rule.ID, d
		}
		if failed {
			res.Panics++
			continue
		}
		if matched {
			if !st.hit && c.reads != nil {
				st.recordReads(c.reads)
			}
			hot.matches.Add(1)
			res.Matches = append(res.Matches, Match{
				RuleID: c.rule.ID, RuleName: c.rule.Name, Hook: h, Action: c.rule.Action,
				Severity: c.rule.Severity, Evidence: st.ev, Elapsed: d,
			})
		}
	}
	res.Elapsed = spent
	b.Spend(spent)
	return res
}

// Unmatched reports whether Eval(h, in, b) is sure to match nothing
// without running any detector: every enabled rule of h is a lone call of
// a context-aware detector (sql_injection(sql.query, sql.dialect), as the
// built-in RASP rules are) and no request input may reach its sink (see
// evalState.sinkCandidate). It then counts an evaluation of each of those
// rules, as Eval does for rules decided without work, and charges
// nothing; false means Eval is to run. The runtime asks it first at the
// sinks: for most queries of most requests it is the whole check, at a
// fraction of Eval's cost, and the input needs only the sink's string
// (in.SQL.Dialect is read only by the detector). A sink longer than
// lazyClockMax, whose search Eval measures, is left to Eval.
//
// The request is r; in.Request is not read. Kept apart, in does not
// escape: a hook can build it on its stack. Unmatched lists r's inputs;
// SinkUnmatchedRaw, asked first, reads them raw when it can.
//
// At the request hook, in needs nothing and r is the request: see
// requestUnmatched.
func (s *Set) Unmatched(h HookPoint, r *Request, in *Input) bool {
	if h == RequestHook {
		return s.RequestUnmatched(r)
	}
	i := hookIndex(h)
	if s == nil || in == nil || i < 0 || s.active[i].Load() == 0 || !sinkPresent(h, in) {
		return true
	}
	st := evalState{in: in, req: r, det: &s.cfg.detectors, cur: -1}
	rules := s.hooks[i]
	for _, c := range rules {
		if c.disabled.Load() {
			continue
		}
		if c.gate == hNone {
			return false
		}
		if !st.detectorSet(c.gate) {
			continue // the call matches nothing
		}
		sink := c.native.args[0].value(&st)
		if len(sink) > lazyClockMax {
			return false
		}
		if !st.loaded { // listed once the hook's rules are known to need it
			st.inputs, st.classes, st.loaded = r.Inputs(), r.inputClasses(), true
		}
		for k := range st.inputs {
			if st.sinkCandidate(c.gate, sink, k) {
				return false
			}
		}
	}
	s.countEvals(i)
	return true
}

// ConstantSinkUnmatched reports whether the rules of the sink hook h may
// be left unrun for a sink whose text (in.SQL.Query, in.Shell.Command,
// in.File.Path) is a constant of the program: a string
// literal compiled into it, which nothing the program reads at run time
// can have changed. The caller tells a constant from its memory (the
// runtime's gls.Constant). It holds when every rule of h is a lone call of
// a context-aware detector on the sink's text (inputDriven), as the
// built-in RASP rules are: such a rule flags a request input that reached
// the sink, and none can have reached a constant. (Eval could still match
// where an input happens to equal a part of the developer's own text and
// its detector sees more than one token in it: a false positive that
// leaving the rules unrun spares.) False means the caller is to check
// the sink as any other. Unlike Unmatched, it counts no evaluation: the
// rules were not asked, and the runtime counts such sinks apart (most of
// an app's queries can be constants).
func (s *Set) ConstantSinkUnmatched(h HookPoint) bool {
	i := hookIndex(h)
	if s == nil || i < 0 || s.active[i].Load() == 0 {
		return true
	}
	return s.constant[i]
}

// TemplateXSSCondition is the condition of the built-in template rule,
// blanks aside.
const TemplateXSSCondition = "template_xss(template.output)"

// TemplateXSSOnly reports whether every template rule of the set has the
// condition TemplateXSSCondition (blanks aside), rules disabled after
// failures too (see sandbox.go): then no template rule can
// match a page unless an input of the request is a rasp.XSSInput, and the
// runtime need not look at the pages of a request with none. Computed
// once, when the set is compiled.
func (s *Set) TemplateXSSOnly() bool { return s != nil && s.xssOnly }

// inputDriven reports whether every rule of rules, at hook h, is a lone
// call of a context-aware detector (its gate) on the text of h's sink, or
// on a constant of its own: rules that match only when a request input
// reaches that text. Disabled rules count too: one may be enabled while
// the set is in use.
func inputDriven(h HookPoint, rules []*compiled) bool {
	var sink fieldID
	switch h {
	case SQL:
		sink = fSQLQuery
	case Shell:
		sink = fShellCommand
	case File:
		sink = fFilePath
	default: // an outgoing request's URL is built at run time: never a constant
		return false
	}
	for _, c := range rules {
		if c.gate == hNone {
			return false
		}
		if a := &c.native.args[0]; a.kind != argConst && (a.kind != argField || a.f != sink) {
			return false
		}
	}
	return true
}

// countEvals counts an evaluation of each enabled rule of hook i, decided
// by a pre-check without running it, as Eval counts the rules it decides
// without work: one add to the hook's counter, which Stats adds to the
// evaluations of every rule enabled at the time (see decidedFor).
func (s *Set) countEvals(i int) { s.decided[i].Add(1) }

// decidedFor is how many of the pre-checks of c's hook (countEvals)
// counted c: all of them while c is enabled, those before it was disabled
// afterwards (see Set.fail).
func (s *Set) decidedFor(c *compiled) uint64 {
	if c.disabled.Load() {
		if cut := c.decidedCut.Load(); cut > 0 {
			return uint64(cut - 1)
		}
	}
	return uint64(s.decided[hookIndex(c.rule.Hook)].Load())
}

// RequestUnmatched is Unmatched at the request hook. r is read only
// while it runs and does not escape. The agent asks RequestUnmatchedRaw,
// with the raw query, header and User-Agent, and builds its view of the
// request only for the rules that run.
func (s *Set) RequestUnmatched(r *Request) bool {
	if s == nil || s.active[hookIndex(RequestHook)].Load() == 0 {
		return true
	}
	if r == nil {
		return false
	}
	if (!r.FromRaw || len(r.Params) > 0 || len(r.Form) > 0 || r.Body != nil) && s.reqGates.Load()&gateParams != 0 {
		return false // parameters only the list of inputs finds: a rule on them is left to Eval
	}
	return s.requestUnmatched(r.RawQuery, r.Header, r.UserAgent)
}

// SinkUnmatchedRaw is Unmatched at the sink hook h for a FromRaw request
// r with no parameters but its query and cookies (Request.rawSinkCandidate),
// and true; or false when only the list of r's inputs can tell, for
// Unmatched. As with RequestUnmatched, r does not escape.
func (s *Set) SinkUnmatchedRaw(h HookPoint, r *Request, in *Input) (unmatched, ok bool) {
	i := hookIndex(h)
	if s == nil || in == nil || i < 0 || s.active[i].Load() == 0 || !sinkPresent(h, in) {
		return true, true
	}
	st := evalState{in: in, det: &s.cfg.detectors, cur: -1} // the sink's fields only
	rules := s.hooks[i]
	for _, c := range rules {
		if c.disabled.Load() {
			continue
		}
		if c.gate == hNone {
			return false, true
		}
		if !st.detectorSet(c.gate) {
			continue
		}
		sink := c.native.args[0].value(&st)
		if len(sink) > lazyClockMax {
			return false, true
		}
		reach, ok := r.rawSinkCandidate(c.gate, sink, st.det.pre.has(c.gate))
		if !ok {
			return false, false
		}
		if reach {
			return false, true
		}
	}
	s.countEvals(i)
	return true, true
}

// The bits of Set.reqGates: every enabled request rule is requestParams
// or requestUserAgent (gateAll), some is requestParams (gateParams), some
// is requestUserAgent (gateUserAgent); from gatePreShift on, the union of
// the pre-filtered helpers of the requestParams ones.
const (
	gateAll = 1 << iota
	gateParams
	gateUserAgent
	gatePreShift = 16
)

// updateRequestGates computes reqGates from the enabled request rules:
// when the set is made and whenever one of them is disabled. Two at once
// may store in either order: a rule disabled meanwhile only makes the
// older word take more requests to Eval, which skips that rule.
func (s *Set) updateRequestGates() {
	g := uint64(gateAll)
	for _, c := range s.hooks[hookIndex(RequestHook)] {
		if c.disabled.Load() {
			continue
		}
		switch c.request {
		case requestParams:
			g |= gateParams | uint64(helperSet(1)<<c.pre)<<gatePreShift
		case requestUserAgent:
			g |= gateUserAgent
		default:
			g &^= gateAll
		}
	}
	s.reqGates.Store(g)
}

// runProgram evaluates c with expr's VM. The VM takes its environment as an
// interface, so it gets a pooled heap copy of st, never st itself: st stays
// on Eval's stack for native plans.
func (s *Set) runProgram(c *compiled, st *evalState) (bool, error) {
	hs, _ := s.states.Get().(*evalState)
	if hs == nil {
		hs = new(evalState)
	}
	st.load() // the VM's helpers and any_input read the list
	*hs = *st
	defer func() {
		st.ev, st.hit = hs.ev, hs.hit
		*hs = evalState{}
		s.states.Put(hs)
	}()
	hs.req.ensureMaps() // the VM reads the maps (see Request.FromRaw)
	env := newEnv(c.rule.Hook, hs)
	machine, _ := s.vms.Get().(*vm.VM)
	if machine == nil {
		machine = new(vm.VM)
	}
	defer s.vms.Put(machine)
	machine.MemoryBudget = c.memoryBudget
	out, err := machine.Run(c.program, env)
	if err != nil {
		return false, err
	}
	ok, _ := out.(bool)
	return ok, nil
}

// Stats returns the counters of every compiled rule.
func (s *Set) Stats() []RuleStats {
	out := make([]RuleStats, len(s.rules))
	for i, c := range s.rules {
		evals, matches, nanos := c.stats.sum()
		evals += s.decidedFor(c)
		out[i] = RuleStats{
			RuleID:   c.rule.ID,
			Hook:     c.rule.Hook,
			Evals:    evals,
			Matches:  matches,
			Time:     time.Duration(nanos),
			Panics:   c.stats.panics.Load(),
			Disabled: c.disabled.Load(),
			Native:   c.native != nil,
		}
	}
	return out
}

// Panics returns how many times the rule id failed (0 for an unknown id).
func (s *Set) Panics(id string) int64 {
	for _, c := range s.rules {
		if c.rule.ID == id {
			return c.stats.panics.Load()
		}
	}
	return 0
}

// RuleStats are the counters of one rule since the Set was compiled.
type RuleStats struct {
	RuleID  string
	Hook    HookPoint
	Evals   uint64
	Matches uint64
	// Time is the total evaluation time: per-check time is Time / Evals.
	Time   time.Duration
	Panics int64
	// Disabled is set once the rule has failed too many times.
	Disabled bool
	// Native is set when the rule runs as a native plan (see native.go).
	Native bool
}

// ruleCounters are a compiled rule's live counters. The three that every
// evaluation adds to are striped (see package stripe): requests served on
// different cores would otherwise take turns at one cache line. The
// disabled flag every check reads is apart, in compiled's first line.
type ruleCounters struct {
	hot    stripe.Set[hotCounters]
	panics atomic.Int64
}

// hotCounters are what an evaluation adds to.
type hotCounters struct {
	evals, matches atomic.Uint64
	nanos          atomic.Int64
}

// sum adds up the stripes of the hot counters.
func (rc *ruleCounters) sum() (evals, matches uint64, nanos int64) {
	for i := range stripe.Stripes {
		h := rc.hot.At(i)
		evals += h.evals.Load()
		matches += h.matches.Load()
		nanos += h.nanos.Load()
	}
	return evals, matches, nanos
}

// learnUserAgent is userAgentClean for a User-Agent not known yet: it
// runs the rules on it and keeps it when none is met. Apart, so that the
// known User-Agent's path is a short function of its own.
//
//go:noinline
func (s *Set) learnUserAgent(rules []*compiled, ua string) bool {
	// The rules read the User-Agent alone: they get a request of their
	// own, so that r does not escape (see RequestUnmatched).
	q := &Request{UserAgent: ua, FromRaw: true}
	st := evalState{in: &Input{Request: q}, req: q, det: &s.cfg.detectors, cur: -1}
	for _, c := range rules {
		if c.request == requestUserAgent && !c.disabled.Load() && c.native.eval(&st) {
			return false
		}
	}
	s.userAgentsMu.Lock()
	defer s.userAgentsMu.Unlock()
	old := s.userAgents.Load()
	if old != nil && old.n >= maxUserAgents {
		return true // filled by another request meanwhile
	}
	s.userAgents.Store(old.with(ua))
	return true
}
