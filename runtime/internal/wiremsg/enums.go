package wiremsg

import "strconv"

// The enums print as the generated code prints them: the proto name of
// the value, or the number for a value this agent does not know (a newer
// platform may send one).

func (k EventKind) String() string {
	return enumName(int32(k), "EVENT_KIND_UNSPECIFIED", "EVENT_KIND_ATTACK", "EVENT_KIND_AUTH", "EVENT_KIND_CUSTOM", "EVENT_KIND_CSP")
}

func (k BlockKind) String() string {
	return enumName(int32(k), "BLOCK_KIND_UNSPECIFIED", "BLOCK_KIND_IP", "BLOCK_KIND_CIDR", "BLOCK_KIND_USER")
}

func (m Mode) String() string {
	return enumName(int32(m), "MODE_UNSPECIFIED", "MODE_MONITOR", "MODE_BLOCK", "MODE_DISABLED")
}

// enumName returns names[v], or v in decimal when names has no such entry.
func enumName(v int32, names ...string) string {
	if v >= 0 && int(v) < len(names) {
		return names[v]
	}
	return strconv.Itoa(int(v))
}
