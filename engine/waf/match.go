package waf

import "strconv"

// Match is the evidence behind a positive answer of DetectSQLi or DetectXSS.
type Match struct {
	// By names the check that matched: ByStructure (the only one since
	// libinjection-go's checks were replaced), or "" for no match.
	By string
	// Fingerprint names the construct found, e.g. "boolean test",
	// "stacked statement", "event handler onerror".
	Fingerprint string
	// Offset is the byte offset in the value where the construct starts,
	// or -1 when the check does not locate it.
	Offset int
}

// The names Match.By takes.
const (
	ByStructure = "structure"
)

// String describes the match in a few words for an event, such as
// "boolean test at byte 3" or "stacked statement at byte 4".
func (m Match) String() string {
	switch {
	case m.By == "":
		return "no match"
	case m.Offset >= 0:
		return m.Fingerprint + " at byte " + strconv.Itoa(m.Offset)
	}
	return m.Fingerprint
}
