package agent

import (
	"net/netip"
	"testing"
	"time"
)

func TestIPList(t *testing.T) {
	now := time.Now()
	var l IPList
	l.Add(netip.MustParsePrefix("10.0.0.0/8"), time.Time{})
	l.Add(netip.MustParsePrefix("192.0.2.7/32"), now.Add(time.Hour))
	l.Add(netip.MustParsePrefix("198.51.100.1/32"), now.Add(-time.Second)) // already expired
	l.Add(netip.MustParsePrefix("::ffff:203.0.113.0/120"), time.Time{})    // IPv4-mapped
	tests := []struct {
		ip   string
		at   time.Time
		want bool
	}{
		{"10.200.1.1", now, true},
		{"11.0.0.1", now, false},
		{"192.0.2.7", now, true},
		{"192.0.2.7", now.Add(2 * time.Hour), false},
		{"198.51.100.1", now, false},
		{"203.0.113.9", now, true},
		{"::ffff:10.0.0.1", now, true},
	}
	for _, tt := range tests {
		if got := l.Contains(netip.MustParseAddr(tt.ip), tt.at); got != tt.want {
			t.Errorf("Contains(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
	l.Remove(netip.MustParsePrefix("10.0.0.0/8"))
	if l.Contains(netip.MustParseAddr("10.0.0.1"), now) {
		t.Error("Remove left the prefix")
	}
	if n := l.Len(); n != 2 {
		t.Errorf("Len = %d after a write pruned the expired entry, want 2", n)
	}
	if l.Contains(netip.Addr{}, now) {
		t.Error("the invalid address is in the list")
	}
}

func TestStringList(t *testing.T) {
	now := time.Now()
	var l StringList
	if l.Contains("a", now) {
		t.Error("empty list contains a")
	}
	l.Add("a", time.Time{})
	l.Add("b", now.Add(time.Minute))
	if !l.Contains("a", now) || !l.Contains("b", now) || l.Contains("b", now.Add(time.Hour)) || l.Contains("", now) {
		t.Error("wrong membership")
	}
	l.Remove("a")
	if l.Contains("a", now) {
		t.Error("Remove left a")
	}
}

// An empty list holds no snapshot, so that the request entry's Len reads
// the list alone; the path allowlist likewise.
func TestEmptyListsHoldNothing(t *testing.T) {
	var l IPList
	p := netip.MustParsePrefix("10.0.0.0/8")
	l.Add(p, time.Time{})
	if l.Len() != 1 || l.snap.Load() == nil {
		t.Fatalf("after Add: Len %d, snapshot %v", l.Len(), l.snap.Load())
	}
	l.Remove(p)
	if l.Len() != 0 || !l.empty() || l.Contains(netip.MustParseAddr("10.1.2.3"), time.Now()) {
		t.Errorf("after Remove: Len %d, snapshot %v, want 0 and none", l.Len(), l.snap.Load())
	}
	a := New(Defaults())
	if a.pathAllow.Load() != nil || a.PathAllowed("/health") {
		t.Error("no path allowlist configured, yet one is stored")
	}
	if err := a.SetPathAllowlist([]string{"/health"}); err != nil {
		t.Fatal(err)
	}
	if !a.PathAllowed("/health/live") || a.PathAllowed("/api") {
		t.Error("PathAllowed does not follow the allowlist /health")
	}
	if err := a.SetPathAllowlist(nil); err != nil {
		t.Fatal(err)
	}
	if a.pathAllow.Load() != nil || a.PathAllowed("/health") {
		t.Error("an emptied allowlist is still stored")
	}
}
