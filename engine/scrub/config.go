package scrub

import (
	"fmt"
	"regexp"
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
	key *regexp.Regexp
	// value is the value regex, as the alternatives it is made of
	// (split.go), each searched on its own.
	value []valuePart
	// card says whether the value regex has a "card" group.
	card bool
	// defaultKey and defaultValue say that key and value are the default
	// regexes, which have faster equivalents (fastpath.go).
	defaultKey, defaultValue bool
}

// New compiles cfg. An invalid regex is an error naming the field, such
// as `scrub: value regex: error parsing regexp: ...`.
func New(cfg Config) (*Scrubber, error) {
	if cfg.KeyRegex == "" {
		cfg.KeyRegex = DefaultKeyRegex
	}
	if cfg.ValueRegex == "" {
		cfg.ValueRegex = DefaultValueRegex
	}
	key, err := regexp.Compile(cfg.KeyRegex)
	if err != nil {
		return nil, fmt.Errorf("scrub: key regex: %w", err)
	}
	value, err := regexp.Compile(cfg.ValueRegex)
	if err != nil {
		return nil, fmt.Errorf("scrub: value regex: %w", err)
	}
	parts := []valuePart{{value, value.SubexpIndex("card")}}
	if alts := splitAlternatives(cfg.ValueRegex); alts != nil && len(alts) <= 32 {
		split := make([]valuePart, 0, len(alts))
		for _, alt := range alts {
			re, err := regexp.Compile(alt)
			if err != nil {
				split = nil // cannot happen for a valid whole; keep the whole
				break
			}
			split = append(split, valuePart{re, re.SubexpIndex("card")})
		}
		if split != nil {
			parts = split
		}
	}
	card := false
	for _, p := range parts {
		card = card || p.card >= 0
	}
	return &Scrubber{
		key:          key,
		value:        parts,
		card:         card,
		defaultKey:   cfg.KeyRegex == DefaultKeyRegex,
		defaultValue: cfg.ValueRegex == DefaultValueRegex && len(parts) == altCount,
	}, nil
}

// keyMatch reports whether the key regex matches key.
func (s *Scrubber) keyMatch(key string) bool {
	if s.defaultKey {
		if match, ok := defaultKey(key); ok {
			return match
		}
	}
	return s.key.MatchString(key)
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
		if parts&(1<<i) != 0 && p.re.MatchString(t) {
			return true
		}
	}
	return false
}

// valuePart is one alternative of the value regex.
type valuePart struct {
	re   *regexp.Regexp
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
