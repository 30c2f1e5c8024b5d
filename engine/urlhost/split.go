package urlhost

import "strings"

// Span is the bytes [Start, End) of a string; it is empty when Start ==
// End.
type Span struct{ Start, End int }

// Empty reports whether s holds no byte.
func (s Span) Empty() bool { return s.End <= s.Start }

// Overlaps reports whether s and t share a byte.
func (s Span) Overlaps(t Span) bool { return s.Start < t.End && t.Start < s.End }

// Contains reports whether every byte of t lies in s.
func (s Span) Contains(t Span) bool { return s.Start <= t.Start && t.End <= s.End }

// Reading is a family of URL parsers, each finding its own authority.
type Reading int

const (
	// WHATWG: "\" is "/" for special schemes, the authority ends at / \ ?
	// #, the host follows the last @ (browsers, Node, curl in part).
	WHATWG Reading = iota
	// RFC3986: the authority ends at / ? # and the host follows the last @
	// (net/url, most server-side libraries).
	RFC3986
	// Naive: the authority runs to the first "/" (regular expressions,
	// hand-written parsers), so "#@" and "?@" tricks move the host.
	Naive
	// NumReadings is the number of readings.
	NumReadings
)

// Authority is where one reading finds the host and port.
type Authority struct {
	Host Span // the host, brackets included for IPv6
	Port Span // the digits after ":"; empty when absent
}

// URL is a URL split into spans of the original string.
type URL struct {
	// Scheme is the scheme without its ":"; empty when the URL has none.
	Scheme Span
	// HasAuthority reports whether the URL has an authority (// or, for
	// http-like schemes, any run of / and \ after the scheme).
	HasAuthority bool
	// Authorities holds the authority each Reading finds.
	Authorities [NumReadings]Authority
}

// Split splits raw without allocating. Leading C0 controls and spaces are
// skipped, as WHATWG parsers do; callers remove tabs and newlines inside
// the URL first if they matter (WHATWG parsers ignore them).
func Split(raw string) URL {
	var u URL
	i := 0
	for i < len(raw) && raw[i] <= ' ' {
		i++
	}
	special := true // a URL without scheme is resolved against http(s)
	if e := schemeEnd(raw, i); e > i {
		u.Scheme = Span{i, e}
		special = IsSpecialScheme(raw[i:e])
		i = e + 1
	}
	start := i
	switch {
	case special:
		for i < len(raw) && (raw[i] == '/' || raw[i] == '\\') {
			i++
		}
		if i == start && u.Scheme.Empty() {
			return u // a relative reference: no authority
		}
		if u.Scheme.Empty() && i-start < 2 {
			return u
		}
	case strings.HasPrefix(raw[i:], "//"):
		i += 2
	default:
		return u
	}
	u.HasAuthority = true
	u.Authorities[WHATWG] = authority(raw, i, terminators(special))
	u.Authorities[RFC3986] = authority(raw, i, "/?#")
	u.Authorities[Naive] = authority(raw, i, "/")
	return u
}

func terminators(special bool) string {
	if special {
		return "/\\?#"
	}
	return "/?#"
}

// schemeEnd returns the index of the ":" ending a scheme that starts at
// i, or -1.
func schemeEnd(raw string, i int) int {
	if i >= len(raw) || !isLetter(raw[i]) {
		return -1
	}
	for j := i + 1; j < len(raw); j++ {
		c := raw[j]
		switch {
		case c == ':':
			return j
		case isLetter(c) || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
		default:
			return -1
		}
	}
	return -1
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// IsSpecialScheme reports whether scheme (without ":") is one WHATWG
// parses with a host and "\" as "/": http, https, ws, wss, ftp, file.
func IsSpecialScheme(scheme string) bool {
	for _, s := range [...]string{"http", "https", "ws", "wss", "ftp", "file"} {
		if strings.EqualFold(scheme, s) {
			return true
		}
	}
	return false
}

// authority finds host and port in raw[i:] up to the first byte of stop.
func authority(raw string, i int, stop string) Authority {
	end := len(raw)
	if k := strings.IndexAny(raw[i:], stop); k >= 0 {
		end = i + k
	}
	hostStart := i
	if at := strings.LastIndexByte(raw[i:end], '@'); at >= 0 {
		hostStart = i + at + 1
	}
	hostEnd := end
	// The port follows the last ":" that is not inside IPv6 brackets.
	if c := strings.LastIndexByte(raw[hostStart:end], ':'); c >= 0 {
		colon := hostStart + c
		if b := strings.LastIndexByte(raw[hostStart:end], ']'); b < 0 || hostStart+b < colon {
			if raw[hostStart] != '[' || b >= 0 {
				hostEnd = colon
				return Authority{Host: Span{hostStart, hostEnd}, Port: Span{colon + 1, end}}
			}
		}
	}
	return Authority{Host: Span{hostStart, hostEnd}}
}
