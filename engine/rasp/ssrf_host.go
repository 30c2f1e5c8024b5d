package rasp

import (
	"net/netip"
	"strings"

	"github.com/sqreen-go/sqreen/engine/urlhost"
)

// hostRule is a row of the table of dangerous host names: the name itself
// and, when suffix is set, every name under it.
type hostRule struct {
	name   string
	suffix bool
	reason string
}

// dangerousHosts lists the names that reach inside the network, and the
// out-of-band interaction services attackers use to confirm a blind SSRF
// or exfiltrate data. It is the one place to extend.
var dangerousHosts = [...]hostRule{
	{"localhost", true, "loopback name"},
	{"localhost.localdomain", false, "loopback name"},
	{"ip6-localhost", false, "loopback name"},
	{"ip6-loopback", false, "loopback name"},
	{"localtest.me", true, "public name of the loopback address"},
	{"lvh.me", true, "public name of the loopback address"},
	{"vcap.me", true, "public name of the loopback address"},
	{"lacolhost.com", true, "public name of the loopback address"},
	{"metadata.google.internal", false, "cloud metadata endpoint (GCP)"},
	{"metadata.goog", false, "cloud metadata endpoint (GCP)"},
	{"metadata", false, "cloud metadata endpoint"},
	{"instance-data", false, "cloud metadata endpoint (AWS)"},
	{"instance-data.ec2.internal", false, "cloud metadata endpoint (AWS)"},
	{"internal", true, "internal name"},
	{"local", true, "internal (mDNS) name"},
	{"localdomain", true, "internal name"},
	{"lan", true, "internal name"},
	{"intranet", true, "internal name"},
	{"corp", true, "internal name"},
	{"home.arpa", true, "internal name"},
	{"cluster.local", true, "internal (Kubernetes) name"},
	{"burpcollaborator.net", true, "out-of-band interaction service"},
	{"oastify.com", true, "out-of-band interaction service"},
	{"oast.pro", true, "out-of-band interaction service"},
	{"oast.live", true, "out-of-band interaction service"},
	{"oast.site", true, "out-of-band interaction service"},
	{"oast.online", true, "out-of-band interaction service"},
	{"oast.fun", true, "out-of-band interaction service"},
	{"oast.me", true, "out-of-band interaction service"},
	{"interact.sh", true, "out-of-band interaction service"},
	{"interactsh.com", true, "out-of-band interaction service"},
	{"requestbin.net", true, "out-of-band interaction service"},
	{"requestbin.com", true, "out-of-band interaction service"},
	{"pipedream.net", true, "out-of-band interaction service"},
	{"webhook.site", true, "out-of-band interaction service"},
	{"requestcatcher.com", true, "out-of-band interaction service"},
	{"canarytokens.com", true, "out-of-band interaction service"},
	{"dnslog.cn", true, "out-of-band interaction service"},
	{"ceye.io", true, "out-of-band interaction service"},
	{"beeceptor.com", true, "out-of-band interaction service"},
	{"pingb.in", true, "out-of-band interaction service"},
	{"xss.ht", true, "out-of-band interaction service"},
	{"ngrok.io", true, "tunnel service"},
	{"ngrok.app", true, "tunnel service"},
	{"ngrok-free.app", true, "tunnel service"},
	{"ngrok-free.dev", true, "tunnel service"},
	{"trycloudflare.com", true, "tunnel service"},
	{"serveo.net", true, "tunnel service"},
	{"loca.lt", true, "tunnel service"},
	{"localtunnel.me", true, "tunnel service"},
	{"r3dir.me", true, "redirection service"},
	{"ifconfig.pro", true, "IP echo service"},
	{"ifconfig.me", true, "IP echo service"},
	{"ifconfig.co", true, "IP echo service"},
	{"icanhazip.com", true, "IP echo service"},
	{"ipify.org", true, "IP echo service"},
	{"ident.me", true, "IP echo service"},
	{"checkip.amazonaws.com", false, "IP echo service"},
}

// ipNameServices are wildcard DNS services whose names carry an IP
// address ("10.0.0.1.nip.io", "10-0-0-1.sslip.io", "0a000001.nip.io").
var ipNameServices = [...]string{"nip.io", "sslip.io", "xip.io", "nip.direct", "traefik.me", "localh.st"}

// DangerousHost reports whether a URL host reaches inside the network or a
// known out-of-band service: an IP address in any spelling that
// DangerousIP rejects ("2130706433", "0177.0.0.1", "[::ffff:7f00:1]",
// "%31%32%37.0.0.1"), a number that is no valid IPv4 address, a loopback,
// metadata or internal name, a single-label (intranet) name, a wildcard DNS
// name carrying a dangerous address, or an entry of the out-of-band table.
// host is the host part of a URL authority; a ":port" suffix is ignored.
func DangerousHost(host string) (reason string, bad bool) {
	h, err := urlhost.ParseHost(stripPort(host))
	if err != nil {
		return "", false
	}
	return classifyHost(h)
}

// stripPort removes a ":digits" suffix from a name or IPv4 host; bracketed
// IPv6 hosts are left to ParseHost, bare IPv6 addresses are kept whole.
func stripPort(host string) string {
	i := strings.LastIndexByte(host, ':')
	if i < 0 || host != "" && host[0] == '[' || strings.IndexByte(host[:i], ':') >= 0 {
		return host
	}
	for j := i + 1; j < len(host); j++ {
		if host[j] < '0' || host[j] > '9' {
			return host
		}
	}
	return host[:i]
}

func classifyHost(h urlhost.Host) (string, bool) {
	if h.Addr.IsValid() {
		return DangerousIP(h.Addr)
	}
	if h.Malformed {
		return "numeric host that is no valid IPv4 address", true
	}
	name := h.Name
	if name == "" {
		return "", false
	}
	for _, r := range dangerousHosts {
		if name == r.name || r.suffix && strings.HasSuffix(name, r.name) && name[len(name)-len(r.name)-1] == '.' {
			return r.reason, true
		}
	}
	for _, svc := range ipNameServices {
		if strings.HasSuffix(name, "."+svc) {
			if ip, ok := ipInName(name[:len(name)-len(svc)-1]); ok {
				if reason, bad := DangerousIP(ip); bad {
					return reason + " behind wildcard DNS " + svc, true
				}
			}
		}
	}
	if !strings.Contains(name, ".") {
		return "single-label (intranet) name", true
	}
	return "", false
}

// ipInName finds the address a wildcard DNS name carries in its last
// labels: dotted ("a.10.0.0.1"), dashed ("a-10-0-0-1") or hex ("0a000001").
func ipInName(labels string) (netip.Addr, bool) {
	// Dotted: the last four labels.
	rest := labels
	for range 4 {
		if i := strings.LastIndexByte(rest, '.'); i >= 0 {
			rest = rest[:i]
		} else {
			rest = ""
			break
		}
	}
	dotted := labels
	if rest != "" {
		dotted = labels[len(rest)+1:]
	}
	if a, err := netip.ParseAddr(dotted); err == nil && a.Is4() {
		return a, true
	}
	last := labels[strings.LastIndexByte(labels, '.')+1:]
	parts := strings.Split(last, "-")
	if len(parts) >= 4 {
		if a, err := netip.ParseAddr(strings.Join(parts[len(parts)-4:], ".")); err == nil {
			return a, true
		}
	}
	if len(parts) >= 8 { // dashed IPv6
		if a, err := netip.ParseAddr(strings.Join(parts, ":")); err == nil {
			return a, true
		}
	}
	if h := parts[len(parts)-1]; len(h) == 8 {
		if a, ok := urlhost.ParseIPv4("0x" + h); ok {
			return a, true
		}
	}
	return netip.Addr{}, false
}
