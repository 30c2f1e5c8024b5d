package agent

import (
	"regexp"
	"strings"
)

// scrubber removes secrets and personal data from what leaves the process.
type scrubber interface {
	// Value returns v, or a redaction of it, for a value stored under key.
	Value(key, v string) string
	// Evidence redacts text but for the part keep (the attack's input).
	Evidence(text, keep string) string
}

// redacted replaces what is scrubbed.
const redacted = "[redacted]"

var (
	secretKey   = regexp.MustCompile(`(?i)pass|pwd|secret|token|auth|api[-_]?key|cookie|session|credential|private`)
	secretValue = regexp.MustCompile(`(?i)\b(?:\d[ -]?){13,19}\b|bearer\s+[a-z0-9._~+/-]+=*|eyJ[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}`)
)

// regexScrubber is the agent's own scrubber, used until engine/scrub
// lands: the key and value patterns of DESIGN.md ("Scrub before anything
// leaves the process").
type regexScrubber struct{}

func newScrubber() scrubber { return regexScrubber{} }

func (regexScrubber) Value(key, v string) string {
	if key != "" && secretKey.MatchString(key) {
		return redacted
	}
	return secretValue.ReplaceAllString(v, redacted)
}

func (regexScrubber) Evidence(text, keep string) string {
	if keep == "" || !strings.Contains(text, keep) {
		return secretValue.ReplaceAllString(text, redacted)
	}
	parts := strings.Split(text, keep)
	for i, p := range parts {
		parts[i] = secretValue.ReplaceAllString(p, redacted)
	}
	return strings.Join(parts, keep)
}
