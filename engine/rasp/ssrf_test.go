package rasp

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/engine/internal/corpus"
)

func TestSSRF(t *testing.T) {
	whole := func(u string) [2]string { return [2]string{u, u} }
	tests := []struct {
		name string
		in   [2]string // url, input
		want bool
	}{
		{"loopback", whole("http://127.0.0.1/admin"), true},
		{"localhost", whole("http://localhost:8080/"), true},
		{"sub.localhost", whole("http://api.localhost/"), true},
		{"trailing dot", whole("http://localhost./"), true},
		{"metadata", whole("http://169.254.169.254/latest/meta-data/"), true},
		{"gcp metadata", whole("http://metadata.google.internal/computeMetadata/v1/"), true},
		{"alibaba metadata", whole("http://100.100.100.200/latest/meta-data/"), true},
		{"aws ipv6 metadata", whole("http://[fd00:ec2::254]/latest/"), true},
		{"decimal", whole("http://2130706433/"), true},
		{"octal", whole("http://0177.0.0.1/"), true},
		{"hex", whole("http://0x7f.1/"), true},
		{"short", whole("http://127.1/"), true},
		{"zero", whole("http://0/"), true},
		{"mapped ipv6", whole("http://[::ffff:127.0.0.1]/"), true},
		{"mapped ipv6 hex", whole("http://[::ffff:a9fe:a9fe]/"), true},
		{"nat64", whole("http://[64:ff9b::a9fe:a9fe]/"), true},
		{"ipv6 loopback", whole("http://[0000::1]:80/"), true},
		{"ipv6 zone", whole("http://[fe80::1%25eth0]/"), true},
		{"unspecified v6", whole("http://[::]:80/"), true},
		{"private", whole("https://192.168.1.1/router"), true},
		{"cgnat", whole("http://100.64.1.1/"), true},
		{"percent-encoded host", whole("http://%31%32%37.0.0.1/"), true},
		{"full-width host", whole("http://１２７.０.０.１/"), true},
		{"userinfo trick", whole("http://evil.com@127.0.0.1/"), true},
		{"backslash trick", whole(`http://evil.com\@127.0.0.1/`), true},
		{"fragment trick", whole("http://127.0.0.1#@evil.com/"), true},
		{"missing slashes", whole(`http:\\127.0.0.1\x`), true},
		{"tab inside", [2]string{"http://127.0.\t0.1/", "http://127.0.\t0.1/"}, true},
		{"overflowing number", whole("http://7147006462/"), true},
		{"single label", whole("http://jenkins:8080/script"), true},
		{"internal suffix", whole("http://redis.svc.cluster.local:6379/"), true},
		{"wildcard dns", whole("http://169.254.169.254.nip.io/"), true},
		{"wildcard dns dashed", whole("http://app-10-0-0-1.sslip.io/"), true},
		{"oob", whole("https://abc123.oastify.com/"), true},
		{"oob burp", whole("http://x.burpcollaborator.net"), true},
		{"file scheme", whole("file:///etc/passwd"), true},
		{"gopher", whole("gopher://127.0.0.1:6379/_save"), true},
		{"dict", whole("dict://127.0.0.1:6379/info"), true},
		{"ftp", whole("ftp://ftp.example.com/file"), true},
		{"ldap", whole("ldap://example.com/o=x"), true},
		{"jar", whole("jar:http://example.com/x.jar!/"), true},
		{"input is the host part", [2]string{"http://127.0.0.1/api/users", "127.0.0.1"}, true},
		{"input adds userinfo", [2]string{"https://api.example.com@127.0.0.1/v1", "@127.0.0.1"}, true},
		{"input makes the suffix", [2]string{"http://img.localhost/x", "localhost"}, true},
		{"input picks port on loopback", [2]string{"http://localhost:6379/", "6379"}, true},
		{"input with the scheme", [2]string{"gopher://files.example.com/x", "gopher:"}, true},
		{"oob suffix", [2]string{"https://blabla.burpcollaborator.net/path", "burpcollaborator.net"}, true},
		{"ip echo", whole("https://ifconfig.pro"), true},
		{"port of an intranet host", [2]string{"https://internal-website:4242/path/to/stuffs?bla=42", ":4242/path/to/stuffs?"}, true},
		{"input cuts the template host with #", [2]string{"http://127.0.0.1#.images.example.com/x.png", "127.0.0.1#"}, true},
		{"input cuts the template host with /", [2]string{"http://10.0.0.5/.images.example.com/x.png", "10.0.0.5/"}, true},
		{"input sets host of a template path", [2]string{"http://169.254.169.254/api/v1", "169.254.169.254"}, true},
		{"input is host and port", [2]string{"http://localhost:6379/", "localhost:6379"}, true},

		{"public", whole("https://images.example.org/cat.png"), false},
		{"public ip", whole("http://93.184.216.34/"), false},
		{"public with port", whole("https://example.com:8443/x"), false},
		{"input in query", [2]string{"https://api.example.com/fetch?u=http://127.0.0.1/", "http://127.0.0.1/"}, false},
		{"input in path", [2]string{"https://api.example.com/users/localhost", "localhost"}, false},
		{"input in fragment", [2]string{"https://api.example.com/#127.0.0.1", "127.0.0.1"}, false},
		{"app-chosen internal host", [2]string{"http://tenant42.svc.cluster.local/health", "tenant42"}, false},
		{"app-chosen file scheme", [2]string{"file:///srv/data/report.csv", "report.csv"}, false},
		{"userinfo only", [2]string{"https://bob@api.example.com/", "bob"}, false},
		{"public subdomain", [2]string{"https://localhost.example.com/", "localhost"}, false},
		{"numbers in a public name", whole("https://1.2.3.example.com/"), false},
		{"absent", [2]string{"http://127.0.0.1/", "localhost"}, false},
		{"scheme word without colon", [2]string{"gopher://blabla.com/path", "gopher"}, false},
		{"digits shared with a private host", [2]string{"http://172.16.87.100:1234/_search?stuff=87.1", "87.1"}, false},
		{"class E", whole("https://254.254.169.254/path"), false},
		{"public host suffix", [2]string{"http://bla.patreon.com/batch", "patreon.com/"}, false},
		{"host glued to another URL", [2]string{"http://blablabla.comhttps://blablabla", "https"}, false},
		{"too short", [2]string{"http://0/", "0"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, got := DetectSSRF(tt.in[0], tt.in[1])
			if got != tt.want {
				t.Fatalf("DetectSSRF(%q, %q) = %v (%q), want %v", tt.in[0], tt.in[1], got, f.Reason, tt.want)
			}
			if got != SSRF(tt.in[0], tt.in[1]) {
				t.Fatal("SSRF and DetectSSRF disagree")
			}
			if got && (f.Kind != "ssrf" || f.Reason == "") {
				t.Fatalf("bad finding %+v", f)
			}
		})
	}
}

func TestDangerousIP(t *testing.T) {
	tests := []struct {
		ip  string
		bad bool
	}{
		{"127.0.0.1", true}, {"10.1.2.3", true}, {"172.31.255.255", true}, {"172.32.0.1", false},
		{"192.168.0.1", true}, {"169.254.169.254", true}, {"100.64.0.1", true}, {"100.128.0.1", false},
		{"0.0.0.0", true}, {"255.255.255.255", true}, {"240.0.0.1", false}, {"224.0.0.1", true}, {"8.8.8.8", false},
		{"::1", true}, {"::", true}, {"fe80::1", true}, {"fc00::1", true}, {"fd00:ec2::254", true},
		{"::ffff:10.0.0.1", true}, {"::ffff:8.8.8.8", false}, {"2002:7f00:1::", true}, {"2002:808:808::", false},
		{"64:ff9b::7f00:1", true}, {"::7f00:1", true}, {"2606:4700::1111", false}, {"168.63.129.16", true},
	}
	for _, tt := range tests {
		reason, bad := DangerousIP(netip.MustParseAddr(tt.ip))
		if bad != tt.bad || bad && reason == "" {
			t.Errorf("DangerousIP(%s) = %q, %v; want %v", tt.ip, reason, bad, tt.bad)
		}
	}
	if _, bad := DangerousIP(netip.Addr{}); bad {
		t.Error("DangerousIP(zero Addr) is bad")
	}
}

func TestDangerousHost(t *testing.T) {
	tests := []struct {
		host string
		bad  bool
	}{
		{"localhost", true}, {"LOCALHOST.", true}, {"a.b.localhost", true}, {"metadata.google.internal", true},
		{"instance-data", true}, {"0x7f000001", true}, {"017700000001", true}, {"[::1]", true},
		{"10.0.0.1.nip.io", true}, {"8.8.8.8.nip.io", false}, {"0a000001.nip.io", true},
		{"abc.oast.fun", true}, {"ngrok-free.app", true}, {"example.com", false}, {"xn--bcher-kva.example", false},
		{"127.0.0.1:8080", true}, {"[::1]:443", true}, {"example.com:443", false}, {"::1", true},
		{"notlocalhost", true /* single label */}, {"notlocalhost.com", false}, {"", false}, {"[zz]", false},
	}
	for _, tt := range tests {
		reason, bad := DangerousHost(tt.host)
		if bad != tt.bad {
			t.Errorf("DangerousHost(%q) = %q, %v; want %v", tt.host, reason, bad, tt.bad)
		}
	}
}

// publicSSRFPayloads are lines of the noisy payload list that name a
// public host; every other ssrf line is an attack when it is the whole URL.
var publicSSRFPayloads = map[string]bool{
	"https://example.com/ssrf.php?url=http://brutelogic.com.br/poc.svg": true,
	"http://ⓔⓧⓐⓜⓟⓛⓔ.ⓒⓞⓜ":                                                true,
}

// TestSSRFPayloads places the ssrf payloads of patt.jsonl.gz in realistic
// sinks: as the whole URL (an attack) and as a query or path value (benign).
func TestSSRFPayloads(t *testing.T) {
	var attacks, caught, benign, flagged int
	for _, c := range corpus.Load(t, "patt.jsonl.gz") {
		if c.Kind != "ssrf" {
			continue
		}
		// The list annotates some lines ("http://0/ = http://127.0.0.1").
		v, _, _ := strings.Cut(c.Input, " ")
		wantWhole := !publicSSRFPayloads[v]
		sinks := []struct {
			url  string
			want bool
		}{
			{v, wantWhole},
			{"https://api.example.com/fetch?u=" + v, false},
			{"https://cdn.example.com/img/" + v, false},
		}
		for _, s := range sinks {
			got := SSRF(s.url, v)
			if s.want {
				attacks++
				if got {
					caught++
				}
			} else {
				benign++
				if got {
					flagged++
				}
			}
			if got != s.want {
				t.Errorf("SSRF(%q, %q) = %v, want %v", s.url, v, got, s.want)
			}
		}
	}
	t.Logf("ssrf payloads: caught %d/%d attacks, flagged %d/%d benign placements", caught, attacks, flagged, benign)
	if attacks == 0 {
		t.Fatal("no ssrf payloads")
	}
}

func FuzzSSRF(f *testing.F) {
	for _, s := range [][2]string{{"http://127.0.0.1/", "127.0.0.1"}, {`http://a\@[::1%25x]:1#@b`, `a\@[::1%25x]`}, {"gopher://x", "gopher://x"}, {"http://１２７.1", "１２７.1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, url, input string) {
		f, ok := DetectSSRF(url, input)
		if ok && (len(input) < 2 || f.Kind != "ssrf" || f.Reason == "") {
			t.Fatalf("bad finding %+v", f)
		}
	})
}
