package waf

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
