package scrub

import "strings"

// The default regexes have hand-written equivalents: Go's regexp engine
// takes microseconds on the long alternations, and the scrubber runs on
// every value that leaves the process. defaultKey decides exactly what
// DefaultKeyRegex decides, and defaultSecretParts names the only
// alternatives of DefaultValueRegex that may match, so a regex runs only
// on the rare values that may hold a secret, and only the alternatives
// that may match there; the fuzz tests check both claims.
// Custom regexes always run as they are.

// defaultKey reports whether DefaultKeyRegex matches key. It answers
// keys that are ASCII and at most 64 bytes long; ok is false for others
// (Unicode case folding makes `ſecret` match), which take the regex.
func defaultKey(key string) (match, ok bool) {
	var buf [64]byte
	if len(key) > len(buf) {
		return false, false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 0x80 {
			return false, false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	k := string(buf[:len(key)]) // does not escape: compared only
	switch k {
	case "pass", "auth", "cc", "pan", "cvv", "cvc", "cvv2", "pin", "otp":
		return true, true
	}
	for i := 0; i < len(k); i++ {
		r := k[i:]
		switch r[0] {
		case 'p':
			if strings.HasPrefix(r, "passwd") || strings.HasPrefix(r, "password") ||
				strings.HasPrefix(r, "passphrase") || strings.HasPrefix(r, "pwd") ||
				sepPair(r, "private", "key") >= 0 {
				return true, true
			}
		case 's':
			if strings.HasPrefix(r, "secret") || strings.HasPrefix(r, "session") ||
				strings.HasPrefix(r, "signature") || ssnAt(k, i) ||
				sepPair(r, "social", "security") >= 0 {
				return true, true
			}
		case 't':
			if strings.HasPrefix(r, "token") {
				return true, true
			}
		case 'a':
			if sepPair(r, "api", "key") >= 0 || sepPair(r, "access", "key") >= 0 ||
				strings.HasPrefix(r, "authorization") || strings.HasPrefix(r, "authorisation") ||
				sepPair(r, "auth", "key") >= 0 || sepPair(r, "auth", "header") >= 0 {
				return true, true
			}
		case 'c':
			if strings.HasPrefix(r, "cookie") || strings.HasPrefix(r, "csrf") || strings.HasPrefix(r, "credential") ||
				sepPair(r, "credit", "card") >= 0 ||
				sepPair(r, "card", "number") == len(r) || sepPair(r, "card", "num") == len(r) ||
				sepPair(r, "card", "no") == len(r) {
				return true, true
			}
		case 'x':
			if strings.HasPrefix(r, "xsrf") {
				return true, true
			}
		}
	}
	return false, true
}

// ssnAt reports whether k holds "ssn" at i, not next to a letter (so
// user_ssn and SSN match, businessname does not).
func ssnAt(k string, i int) bool {
	return strings.HasPrefix(k[i:], "ssn") && (i == 0 || !isASCIILetter(k[i-1])) &&
		(i+3 == len(k) || !isASCIILetter(k[i+3]))
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// sepPair returns the length of the prefix of r that reads a, an optional
// separator (- _ .), then b; or -1.
func sepPair(r, a, b string) int {
	if !strings.HasPrefix(r, a) {
		return -1
	}
	n := len(a)
	if strings.HasPrefix(r[n:], b) {
		return n + len(b)
	}
	if n < len(r) && (r[n] == '-' || r[n] == '_' || r[n] == '.') && strings.HasPrefix(r[n+1:], b) {
		return n + 1 + len(b)
	}
	return -1
}

// The alternatives of DefaultValueRegex, in order (see splitAlternatives).
const (
	altCard = iota
	altBearer
	altJWT
	altPEM
	altEmail
	altAWS
	altGitHub
	altSlack
	altStripe
	altGoogle
	altCount
)

// allParts selects every alternative of a value regex.
const allParts = ^uint32(0)

// defaultSecretParts returns the set (bit i for alternative i) of the
// alternatives of DefaultValueRegex that may match in t; an alternative
// outside the set does not match. Each needs a fixed part: 13 digits for
// a card number, '@' for an e-mail address, and bearer, eyJ, -----BEGIN,
// AKIA or ASIA, gh, xox, k_live_ or AIza for the others.
func defaultSecretParts(t string) uint32 {
	var parts uint32
	digits := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if digits == 13 {
				parts |= 1 << altCard
			}
		case c == '@':
			parts |= 1 << altEmail
		case c == 'b' || c == 'B':
			if hasFold(t[i:], "bearer") {
				parts |= 1 << altBearer
			}
		case c == 'e':
			if strings.HasPrefix(t[i:], "eyJ") {
				parts |= 1 << altJWT
			}
		case c == '-':
			if strings.HasPrefix(t[i:], "-----BEGIN") {
				parts |= 1 << altPEM
			}
		case c == 'A':
			r := t[i:]
			if strings.HasPrefix(r, "AKIA") || strings.HasPrefix(r, "ASIA") {
				parts |= 1 << altAWS
			}
			if strings.HasPrefix(r, "AIza") {
				parts |= 1 << altGoogle
			}
		case c == 'g':
			if strings.HasPrefix(t[i:], "gh") {
				parts |= 1 << altGitHub
			}
		case c == 'x':
			if strings.HasPrefix(t[i:], "xox") {
				parts |= 1 << altSlack
			}
		case c == 'k':
			if strings.HasPrefix(t[i:], "k_live_") {
				parts |= 1 << altStripe
			}
		}
	}
	return parts
}

// hasFold reports whether r starts with the lower-case ASCII word w,
// ignoring ASCII case.
func hasFold(r, w string) bool {
	if len(r) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := r[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}
