package scrub

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
)

// Redacted replaces every secret the scrubber removes.
const Redacted = "[REDACTED]"

// DefaultKeyRegex matches the keys whose values are always redacted. It is
// searched in the key (not anchored) and ignores case.
const DefaultKeyRegex = `(?i)` +
	`pass(?:wd|word|phrase)|^pass$|pwd|secret|credential|` + // passwords and secrets
	`token|api[-_.]?key|access[-_.]?key|private[-_.]?key|signature|` + // keys and tokens
	`authori[sz]ation|^auth$|auth[-_.]?(?:key|header)|` + // HTTP authentication
	`cookie|session|csrf|xsrf|` + // sessions
	`credit[-_.]?card|card[-_.]?(?:number|num|no)$|^(?:cc|pan|cvv|cvc|cvv2|pin|otp)$|` + // payment, one-time codes
	`(?:^|[^a-zA-Z])ssn(?:$|[^a-zA-Z])|social[-_.]?security` // identity numbers

// DefaultValueRegex matches the secrets redacted wherever they appear.
// Matches of the group named "card" are redacted only when they look like
// a payment card number: 13 to 19 digits, starting with 2 to 6, that pass
// the Luhn check.
const DefaultValueRegex = `(?P<card>\b(?:\d[ -]?){12,18}\d\b)` +
	`|(?i:\bbearer\s+[a-z0-9._~+/-]{8,}=*)` +
	`|\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*` +
	`|-----BEGIN[A-Z ]*PRIVATE KEY-----(?s:.*?)(?:-----END[A-Z ]*PRIVATE KEY-----|$)` +
	`|\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b` +
	`|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b` +
	`|\bgh[pousr]_[A-Za-z0-9]{36,}\b` +
	`|\bxox[abposr]-[A-Za-z0-9-]{10,}` +
	`|\b[rs]k_live_[A-Za-z0-9]{16,}` +
	`|\bAIza[0-9A-Za-z_-]{35}`

// Config says what the scrubber redacts. An empty field means the
// default; a field that must match nothing can be set to `[^\s\S]`.
type Config struct {
	// KeyRegex matches keys whose values are redacted whole.
	KeyRegex string
	// ValueRegex matches secrets inside values and texts. A group named
	// "card" marks card number candidates, kept unless they look like a
	// payment card number (see DefaultValueRegex).
	ValueRegex string
}

// DefaultConfig returns the configuration with both default regexes.
func DefaultConfig() Config {
	return Config{KeyRegex: DefaultKeyRegex, ValueRegex: DefaultValueRegex}
}

// Scrubber redacts secrets. Build it with New; it is safe for concurrent
// use.
type Scrubber struct {
	key *lazyRegexp
	// value is the value regex, as the alternatives it is made of
	// (split.go), each searched on its own.
	value []valuePart
	// card says whether the value regex has a "card" group.
	card bool
	// defaultKey and defaultValue say that key and value are the default
	// regexes, which have faster equivalents (fastpath.go).
	defaultKey, defaultValue bool
}

// New checks cfg's regexes; each is compiled the first time it runs. An
// invalid regex is an error naming the field, such as
// `scrub: value regex: error parsing regexp: ...`.
func New(cfg Config) (*Scrubber, error) {
	if cfg.KeyRegex == "" {
		cfg.KeyRegex = DefaultKeyRegex
	}
	if cfg.ValueRegex == "" {
		cfg.ValueRegex = DefaultValueRegex
	}
	if _, err := checkRegex(cfg.KeyRegex); err != nil {
		return nil, fmt.Errorf("scrub: key regex: %w", err)
	}
	card, err := checkRegex(cfg.ValueRegex)
	if err != nil {
		return nil, fmt.Errorf("scrub: value regex: %w", err)
	}
	exprs, cards := []string{cfg.ValueRegex}, []int{card}
	if alts := splitAlternatives(cfg.ValueRegex); alts != nil && len(alts) <= 32 {
		split := make([]int, 0, len(alts))
		for _, alt := range alts {
			card, err := checkRegex(alt)
			if err != nil {
				split = nil // cannot happen for a valid whole; keep the whole
				break
			}
			split = append(split, card)
		}
		if split != nil {
			exprs, cards = alts, split
		}
	}
	// One array for the key regex and the parts.
	res := make([]lazyRegexp, 1+len(exprs))
	res[0].expr = cfg.KeyRegex
	parts := make([]valuePart, len(exprs))
	hasCard := false
	for i, expr := range exprs {
		res[1+i].expr = expr
		parts[i] = valuePart{&res[1+i], cards[i]}
		hasCard = hasCard || cards[i] >= 0
	}
	return &Scrubber{
		key:          &res[0],
		value:        parts,
		card:         hasCard,
		defaultKey:   cfg.KeyRegex == DefaultKeyRegex,
		defaultValue: cfg.ValueRegex == DefaultValueRegex && len(parts) == altCount,
	}, nil
}

// checkRegex reports the error regexp.Compile would return for expr (only
// its parse can fail), and the index of expr's group named "card", or -1
// (what regexp.Regexp.SubexpIndex would say).
func checkRegex(expr string) (card int, err error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return -1, err
	}
	return slices.Index(re.CapNames(), "card"), nil
}

// lazyRegexp is a regexp compiled the first time it runs. A compiled
// regexp stays in memory as long as the scrubber, and the default ones
// weigh about 38 KB: the agent keeps a scrubber from its start, the fast
// paths (fastpath.go) leave most of the regexes unused, and in a small
// app every permanent byte makes the garbage collector run more often.
type lazyRegexp struct {
	expr string // checked by New: it compiles
	once sync.Once
	re   *regexp.Regexp
}

// get returns the compiled regexp.
func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

// String returns the source text, as regexp.Regexp.String does.
func (l *lazyRegexp) String() string { return l.expr }

// compiled reports whether the regexp was compiled (for the tests).
func (l *lazyRegexp) compiled() bool { return l.re != nil }

// keyMatch reports whether the key regex matches key.
func (s *Scrubber) keyMatch(key string) bool {
	if s.defaultKey {
		if match, ok := defaultKey(key); ok {
			return match
		}
	}
	return s.key.get().MatchString(key)
}

// secretParts returns the set of the alternatives of the value regex
// that may match in t (bit i for s.value[i]); the others do not.
func (s *Scrubber) secretParts(t string) uint32 {
	if s.defaultValue {
		return defaultSecretParts(t)
	}
	return allParts
}

// mayHoldSecret reports whether the value regex matches in t.
func (s *Scrubber) mayHoldSecret(t string) bool {
	parts := s.secretParts(t)
	for i, p := range s.value {
		if parts&(1<<i) != 0 && p.re.get().MatchString(t) {
			return true
		}
	}
	return false
}

// valuePart is one alternative of the value regex.
type valuePart struct {
	re   *lazyRegexp
	card int // index of the "card" group in re, or -1
}

// Default returns a scrubber with the default configuration.
func Default() *Scrubber {
	s, err := New(DefaultConfig())
	if err != nil {
		panic(err) // the defaults are constants checked by the tests
	}
	return s
}
