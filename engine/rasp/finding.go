package rasp

// Finding is the evidence of an injection: which input changed which sink,
// where, and why. Detectors return it beside their boolean verdict so that
// events can show what matched.
type Finding struct {
	// Kind is the detector: "sqli", "shell", "path", "ssrf" or "xss".
	Kind string
	// Input is the user-controlled value that changed the sink.
	Input string
	// Offset is the byte offset of the offending occurrence of Input in the sink.
	Offset int
	// Reason says, in a few words, what the input did to the sink's
	// structure, e.g. "leaves string literal and adds keyword OR".
	Reason string
}
