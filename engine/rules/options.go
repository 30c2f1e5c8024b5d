package rules

// Option configures Compile.
type Option func(*config)

type config struct {
	maxNodes     uint
	memoryBudget uint
	maxPanics    int
	detectors    Detectors
	onPanic      func(PanicReport)
	noNative     bool
	noPrefilter  bool
}

// Defaults of the options.
const (
	DefaultMaxNodes     = 500     // AST nodes of one condition
	DefaultMemoryBudget = 100_000 // expr VM memory units of one evaluation
	DefaultMaxPanics    = 5       // failures before a rule is disabled
)

func newConfig(opts []Option) config {
	c := config{
		maxNodes:     DefaultMaxNodes,
		memoryBudget: DefaultMemoryBudget,
		maxPanics:    DefaultMaxPanics,
	}
	for _, o := range opts {
		o(&c)
	}
	c.detectors = c.detectors.merge(defaultDetectors())
	if c.noPrefilter {
		c.detectors.pre = 0
	}
	return c
}

// WithMaxNodes bounds the size of a condition (expr's MaxNodes); a larger
// condition is a compile error.
func WithMaxNodes(n uint) Option { return func(c *config) { c.maxNodes = n } }

// WithMemoryBudget bounds what one evaluation may allocate in expr's VM
// (expr's memory budget: about one unit per element of a built array,
// map or string); an evaluation past it fails.
func WithMemoryBudget(n uint) Option { return func(c *config) { c.memoryBudget = n } }

// WithMaxPanics sets how many failed evaluations (panics or runtime
// errors) disable a rule. n <= 0 never disables.
func WithMaxPanics(n int) Option { return func(c *config) { c.maxPanics = n } }

// WithDetectors replaces the engine's detectors by d's non-nil fields.
func WithDetectors(d Detectors) Option { return func(c *config) { c.detectors = d } }

// WithPanicHandler sets the function told about failing rules: once at a
// rule's first failure, and once when it is disabled. It is called on the
// evaluating goroutine and must return quickly.
func WithPanicHandler(f func(PanicReport)) Option { return func(c *config) { c.onPanic = f } }

// withoutNative evaluates every rule with expr's VM, never with a native
// plan; tests use it to check that both agree.
func withoutNative() Option { return func(c *config) { c.noNative = true } }

// withoutPrefilter calls the detectors on every input, as if the
// pre-filter (prefilter.go) did not exist; tests use it to check that it
// changes no verdict.
func withoutPrefilter() Option { return func(c *config) { c.noPrefilter = true } }
