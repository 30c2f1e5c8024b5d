// Package rules loads, compiles and evaluates the engine's rules: conditions
// in the expr language (github.com/expr-lang/expr) run at one hook point of
// a protected application, with an action (block or monitor) when they
// hold. The built-in protections are rules of this same format, embedded in
// the engine (Builtin); the platform sends more. docs/rules.md is the rule
// authors' guide; this comment is the Go API's.
//
// # Pipeline
//
//	Parse(file, yaml)    -> []Rule          file:line:col errors per rule
//	Compile([]Rule, ...) -> *Set, []error   bad rules rejected one by one
//	Set.Has(hook)                           one atomic load, for hooks
//	Set.Eval(hook, *Input, *budget.Budget) -> Result
//	RunTests([]Rule)     -> []TestResult    the rules' own test cases
//
// # Hook points and environments
//
// Each hook point (RequestHook, SQL, Shell, File, HTTPClient, Template,
// Response; the table is hookTable) has a typed expr environment: the
// request (`request.method`, `request.query`, ...) and, at a sink, that
// sink's arguments only (`sql.query` and `sql.dialect` at the sql hook). A
// name of another hook is a compile error with its line and column. The
// request hook's constant is RequestHook, not Request, because Request is
// the type the runtime fills.
//
// # Helpers
//
// helperTable lists the functions rules call, each with a Go signature the
// checker verifies: the context-aware detectors bound to the request's
// inputs (sql_injection, shell_injection, path_traversal, ssrf,
// template_xss: "some request input, where it occurs in this sink, changes
// its structure"), the input-only signatures (is_sqli, is_xss, is_scanner),
// cidr_match, url_decode, html_decode, unicode_normalize, and any_input(p)
// which tests p on every user input with # bound to the value (any_param(p):
// every input but the headers). expr's own
// builtins (lower, contains, matches, ...) are available too. Constant
// arguments that need parsing (the regex of `matches`, the network of
// cidr_match) must be constants and are checked and compiled at load.
//
// # Evaluation
//
// Request.Inputs lists a request's user inputs once (path parameters,
// query, form, JSON body leaves, headers, cookies, each with its source
// such as "query.id") and every rule and hook of the request reuses it.
// Conditions made of helper calls, string tests on fields and boolean
// operators (all the built-in rules) also get a native plan (native.go)
// that evaluates without expr's VM and without allocating; other conditions
// run on expr's VM. Both give the same verdicts (tests check it).
//
// # Pre-filter
//
// When a request's inputs are listed, each value also gets the set of
// classes of its bytes. For is_sqli, is_xss and sql_injection with the
// engine's own detectors, that set rules out most ordinary values (words,
// numbers) before any detector call, and a whole any_param(is_xss(#)) is
// answered from the union over the request. prefilter.go says why each
// skip is sound; a test compares the findings with and without it on
// every value of the corpora.
//
// # Sandbox and budget
//
// Each rule evaluation runs under recover (sandbox.go). A failing rule
// counts as no match (fail open), is counted (Result.Panics, Set.Stats,
// Set.Panics), is reported once to the WithPanicHandler function, and is
// disabled after WithMaxPanics failures (5). Conditions are bounded at
// compile time (WithMaxNodes) and in expr's VM (WithMemoryBudget). Time is
// bounded between rules by a budget.Budget shared by all evaluations of a
// request: the clock is read after each rule that ran a detector, a
// regular expression or expr's VM (a rule decided by field comparisons or
// by the pre-filter alone is charged with the next one), and once the
// budget is spent the remaining rules are skipped and counted
// (Result.Skipped), never failed. An evaluation starts the clock at its
// first such work, or at once when the sink is longer than 4 KiB: an
// evaluation whose inputs are all ruled out by the pre-filter or absent
// from a short sink reads no clock and is charged nothing. Per-check time is in Match.Elapsed, Result.Slowest and
// SlowestElapsed, and cumulatively per rule in Set.Stats.
//
// # Concurrency
//
// A Set is immutable apart from atomic counters and is safe for concurrent
// use. An Input and its Request belong to one request; Eval may run for
// several hooks of one request on several goroutines at once.
package rules
