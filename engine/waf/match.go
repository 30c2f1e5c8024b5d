package waf

import "strconv"

// Match is the evidence behind a positive answer of DetectSQLi or DetectXSS.
type Match struct {
	// By names the check that matched: "libinjection" or "structure".
	By string
	// Fingerprint is libinjection's token fingerprint (e.g. "s&sos") or,
	// for the structural check, the construct found (e.g. "stacked select").
	// It is empty for libinjection's XSS check, which has none.
	Fingerprint string
	// Offset is the byte offset in the value where the structural check
	// found the construct, or -1 when the check does not locate it.
	Offset int
}

// The names Match.By takes.
const (
	ByLibinjection = "libinjection"
	ByStructure    = "structure"
)

// String describes the match in a few words for an event, such as
// "libinjection fingerprint s&sos" or "stacked statement at byte 4".
func (m Match) String() string {
	switch {
	case m.By == "":
		return "no match"
	case m.By == ByLibinjection && m.Fingerprint != "":
		return "libinjection fingerprint " + m.Fingerprint
	case m.By == ByLibinjection:
		return "libinjection"
	case m.Offset >= 0:
		return m.Fingerprint + " at byte " + strconv.Itoa(m.Offset)
	}
	return m.Fingerprint
}
