package rasp

import "net/netip"

// ipRange is a row of the table of dangerous address ranges.
type ipRange struct {
	prefix netip.Prefix
	reason string
}

// Cloud metadata endpoints come first: they sit inside wider ranges and
// deserve the more precise reason.
var dangerousRanges = [...]ipRange{
	{netip.MustParsePrefix("169.254.169.254/32"), "cloud metadata endpoint (AWS, GCP, Azure, DigitalOcean, OpenStack, Hetzner)"},
	{netip.MustParsePrefix("169.254.170.2/32"), "cloud metadata endpoint (AWS ECS task)"},
	{netip.MustParsePrefix("169.254.169.123/32"), "cloud metadata endpoint (AWS time)"},
	{netip.MustParsePrefix("100.100.100.200/32"), "cloud metadata endpoint (Alibaba Cloud)"},
	{netip.MustParsePrefix("192.0.0.192/32"), "cloud metadata endpoint (Oracle Cloud)"},
	{netip.MustParsePrefix("168.63.129.16/32"), "cloud metadata endpoint (Azure wire server)"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "cloud metadata endpoint (AWS IPv6)"},
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified (\"this network\") address"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT address"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback address"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local address"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment address"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking (internal) address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast address"},
	{netip.MustParsePrefix("255.255.255.255/32"), "broadcast address"},
	{netip.MustParsePrefix("::/128"), "unspecified address"},
	{netip.MustParsePrefix("::1/128"), "loopback address"},
	{netip.MustParsePrefix("fe80::/10"), "link-local address"},
	{netip.MustParsePrefix("fec0::/10"), "site-local address"},
	{netip.MustParsePrefix("fc00::/7"), "unique local (private) address"},
	{netip.MustParsePrefix("ff00::/8"), "multicast address"},
	{netip.MustParsePrefix("100::/64"), "discard-only address"},
}

// DangerousIP reports whether connecting to ip reaches something inside
// the network rather than the public Internet: a loopback, private,
// link-local, unspecified, carrier-grade NAT, multicast or broadcast
// address, or a cloud metadata endpoint. The class E range 240.0.0.0/4
// and the documentation ranges are unroutable and reach no internal
// service by default; they are not flagged. IPv6 addresses that embed an IPv4
// address (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4
// 2002::/16) are judged by that address. The runtime calls it with the
// address actually dialled, since DNS can point a public name inward.
func DangerousIP(ip netip.Addr) (reason string, bad bool) {
	if !ip.IsValid() {
		return "", false
	}
	ip = ip.WithZone("")
	if v4, ok := embeddedIPv4(ip); ok {
		if reason, bad := DangerousIP(v4); bad {
			return reason + " embedded in IPv6 " + ip.String(), true
		}
		return "", false
	}
	for _, r := range dangerousRanges {
		if r.prefix.Contains(ip) {
			return r.reason, true
		}
	}
	return "", false
}

var (
	nat64Prefix  = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour    = netip.MustParsePrefix("2002::/16")
	compatPrefix = netip.MustParsePrefix("::/96")
)

// embeddedIPv4 returns the IPv4 address an IPv6 address carries.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case ip.Is4In6():
		return ip.Unmap(), true
	case nat64Prefix.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	case compatPrefix.Contains(ip) && ip != netip.IPv6Unspecified() && ip != netip.IPv6Loopback():
		return netip.AddrFrom4([4]byte(b[12:16])), true
	}
	return netip.Addr{}, false
}
