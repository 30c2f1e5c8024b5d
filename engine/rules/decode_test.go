package rules

import (
	"net/netip"
	"testing"
)

func TestTransforms(t *testing.T) {
	tests := []struct {
		id       helperID
		in, want string
	}{
		{hURLDecode, "a%20b+c", "a b c"},
		{hURLDecode, "%3Cscript%3e", "<script>"},
		{hURLDecode, "100%", "100%"},
		{hURLDecode, "%zz%4", "%zz%4"},
		{hURLDecode, "plain", "plain"},
		{hHTMLDecode, "&lt;b&gt; &#60;i&#x3e; &amp;amp;", "<b> <i> &amp;"},
		{hHTMLDecode, "no refs", "no refs"},
		{hUnicodeNormalize, "ｓｅｌｅｃｔ　＊", "select *"},
		{hUnicodeNormalize, "un\u200bion", "union"},
		{hUnicodeNormalize, "café", "café"},
		{hUnicodeNormalize, "ascii", "ascii"},
	}
	for _, tt := range tests {
		if got := transform(tt.id, tt.in); got != tt.want {
			t.Errorf("transform %d (%q) = %q, want %q", tt.id, tt.in, got, tt.want)
		}
	}
}

func TestCIDRMatch(t *testing.T) {
	tests := []struct {
		ip, cidr string
		want     bool
	}{
		{"10.1.2.3", "10.0.0.0/8", true},
		{"11.1.2.3", "10.0.0.0/8", false},
		{"::ffff:10.1.2.3", "10.0.0.0/8", true},
		{"fe80::1%eth0", "fe80::/10", true},
		{"::1", "::1/128", true},
		{"not an ip", "10.0.0.0/8", false},
		{"", "0.0.0.0/0", false},
	}
	for _, tt := range tests {
		if got := cidrMatch(tt.ip, netip.MustParsePrefix(tt.cidr)); got != tt.want {
			t.Errorf("cidrMatch(%q, %q) = %v, want %v", tt.ip, tt.cidr, got, tt.want)
		}
	}
}

func FuzzTransforms(f *testing.F) {
	for _, s := range []string{"a%20b", "%", "%4", "&lt;&#x3c", "ｓｅｌ\u200b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, id := range []helperID{hURLDecode, hHTMLDecode, hUnicodeNormalize} {
			out := transform(id, s)
			if len(out) > 3*len(s)+3 {
				t.Errorf("transform %d grew %d bytes to %d", id, len(s), len(out))
			}
		}
		if urlDecode(s) == s && containsEscape(s) {
			t.Errorf("urlDecode left an escape in %q", s)
		}
	})
}

// containsEscape reports whether s holds a valid %XX escape or '+'.
func containsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '+' || s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			return true
		}
	}
	return false
}
