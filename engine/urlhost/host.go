package urlhost

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Host is a parsed host.
type Host struct {
	// Name is the host name: decoded, folded to ASCII where IDNA would,
	// lower-cased, without trailing dots. It is empty for IP addresses.
	Name string
	// Addr is the address of an IP literal in any spelling; the zero Addr
	// for names. IPv6 zones are dropped.
	Addr netip.Addr
	// Malformed is true when the host ends in a number (so parsers try it
	// as IPv4) but is no valid IPv4 address.
	Malformed bool
}

// ErrInvalidHost is wrapped by the errors of ParseHost.
var ErrInvalidHost = errors.New("invalid host")

// ParseHost parses the host part of a URL authority (no port).
func ParseHost(text string) (Host, error) {
	if text == "" {
		return Host{}, fmt.Errorf("%w: empty", ErrInvalidHost)
	}
	if strings.IndexByte(text, '%') >= 0 && text[0] != '[' {
		text = percentDecode(text)
	}
	if text[0] == '[' {
		return parseIPv6Literal(text)
	}
	name := foldName(text)
	for strings.HasSuffix(name, ".") && len(name) > 1 {
		name = name[:len(name)-1]
	}
	if endsInNumber(name) {
		a, ok := ParseIPv4(name)
		if !ok {
			return Host{Name: name, Malformed: true}, nil
		}
		return Host{Addr: a}, nil
	}
	if strings.IndexByte(name, ':') >= 0 { // bare IPv6, as some clients accept
		if a, err := netip.ParseAddr(name); err == nil {
			return Host{Addr: a.WithZone("")}, nil
		}
	}
	return Host{Name: name}, nil
}

func parseIPv6Literal(text string) (Host, error) {
	end := strings.IndexByte(text, ']')
	if end < 0 {
		return Host{}, fmt.Errorf("%w: %q: missing ]", ErrInvalidHost, text)
	}
	inner := text[1:end]
	if z := strings.IndexByte(inner, '%'); z >= 0 {
		inner = inner[:z] // zone: "%25eth0" or "%eth0"
	}
	a, err := netip.ParseAddr(inner)
	if err != nil {
		return Host{}, fmt.Errorf("%w: %q: %w", ErrInvalidHost, text, err)
	}
	return Host{Addr: a}, nil
}

// endsInNumber reports whether the last label of name is a number, as the
// WHATWG host parser checks before trying IPv4.
func endsInNumber(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" {
		return false
	}
	if len(last) >= 2 && last[0] == '0' && last[1]|0x20 == 'x' {
		for i := 2; i < len(last); i++ {
			if !isHexDigit(last[i]) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(last); i++ {
		if last[i] < '0' || last[i] > '9' {
			return false
		}
	}
	return true
}

// foldName lower-cases name and folds the look-alikes IDNA maps to ASCII.
func foldName(name string) string {
	ascii := true
	upper := false
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= name[i] && name[i] <= 'Z' {
			upper = true
		}
	}
	if ascii && !upper {
		return name
	}
	if ascii {
		return strings.ToLower(name)
	}
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		b.WriteRune(foldRune(r))
	}
	return strings.ToLower(b.String())
}

func percentDecode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
			b.WriteByte(hexVal(s[i+1])<<4 | hexVal(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

func hexVal(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}
