package scrub

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitAlternatives(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`abc`, nil},
		{`a|b`, []string{`a`, `b`}},
		{`(?i)a|b(c|d)`, []string{`(?i)a`, `(?i)b(c|d)`}},
		{`[|]|\||(?P<x>y|z)`, []string{`[|]`, `\|`, `(?P<x>y|z)`}},
		{`[]|]x|[^]|]y`, []string{`[]|]x`, `[^]|]y`}},
		{`(?i:a)|b`, []string{`(?i:a)`, `b`}},
		{`a|(?i)b`, nil},
	}
	for _, tt := range tests {
		if got := splitAlternatives(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitAlternatives(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if n := len(splitAlternatives(DefaultValueRegex)); n != 10 {
		t.Errorf("DefaultValueRegex splits into %d alternatives; want 10", n)
	}
}

// TestDefaultParts checks that the alt constants name the alternatives of
// DefaultValueRegex in their order.
func TestDefaultParts(t *testing.T) {
	s := Default()
	if !s.defaultValue || len(s.value) != altCount {
		t.Fatalf("default scrubber: defaultValue=%v, %d parts", s.defaultValue, len(s.value))
	}
	samples := map[int]string{
		altCard: "4111111111111111", altBearer: "Bearer abcdefgh1234", altJWT: jwt, altPEM: pemKey,
		altEmail: "a@b.io", altAWS: "AKIAIOSFODNN7EXAMPLE", altGitHub: "ghp_" + strings.Repeat("a", 36),
		altSlack: "xoxb-1234567890", altStripe: "sk_live_" + strings.Repeat("a", 16),
		altGoogle: "AIza" + strings.Repeat("b", 35),
	}
	for i, p := range s.value {
		sample, ok := samples[i]
		if !ok {
			t.Errorf("no sample for alternative %d", i)
			continue
		}
		for j, q := range s.value {
			if got := q.re.get().MatchString(sample); got != (i == j) {
				t.Errorf("alternative %d (%s) on sample %d %q: %v", j, q.re, i, sample, got)
			}
		}
		if defaultSecretParts(sample)&(1<<i) == 0 {
			t.Errorf("defaultSecretParts(%q) rules out alternative %d (%s)", sample, i, p.re)
		}
	}
}
