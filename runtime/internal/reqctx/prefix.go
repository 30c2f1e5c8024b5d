package reqctx

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParsePrefix parses "10.0.0.0/8", "2001:db8::/32" or a single address
// ("192.0.2.1" means 192.0.2.1/32).
func ParsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("not a CIDR: %w", err)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("not an IP address or CIDR: %w", err)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// ListError names the element of a comma-separated list that is wrong.
type ListError struct {
	Index int    // 0-based position in the list
	Value string // the element as written
	Err   error
}

func (e *ListError) Error() string {
	return fmt.Sprintf("element %d %q: %v", e.Index+1, strings.TrimSpace(e.Value), e.Err)
}

func (e *ListError) Unwrap() error { return e.Err }
