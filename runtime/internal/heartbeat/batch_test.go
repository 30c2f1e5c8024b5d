package heartbeat

import (
	"fmt"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/wiremsg"
)

// TestMergeMetrics: windows merged while the platform is away add up, and
// the 404s by IP stay within the bound the platform accepts (the IPs seen
// first are kept).
func TestMergeMetrics(t *testing.T) {
	window := func(start, n int, from int) *wiremsg.Metrics {
		m := &wiremsg.Metrics{WindowStartUnixMs: int64(start), WindowEndUnixMs: int64(start + 10), Requests: 3,
			NotFoundByIp: map[string]int64{}}
		for i := range n {
			m.NotFoundByIp[fmt.Sprintf("10.0.%d.%d", (from+i)/256, (from+i)%256)] = 2
		}
		return m
	}
	tests := []struct {
		name      string
		a, b      *wiremsg.Metrics
		wantIPs   int
		wantFirst int64 // count of 10.0.0.0
	}{
		{"same ips add up", window(0, 3, 0), window(10, 3, 0), 3, 4},
		{"new ips join", window(0, 3, 0), window(10, 3, 3), 6, 2},
		{"bounded", window(0, maxNotFoundIPs-1, 0), window(10, 50, maxNotFoundIPs-1), maxNotFoundIPs, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := merge(tt.a, tt.b)
			if m.WindowStartUnixMs != 0 || m.WindowEndUnixMs != 20 || m.Requests != 6 {
				t.Errorf("window %d..%d, requests %d", m.WindowStartUnixMs, m.WindowEndUnixMs, m.Requests)
			}
			if len(m.NotFoundByIp) != tt.wantIPs || m.NotFoundByIp["10.0.0.0"] != tt.wantFirst {
				t.Errorf("%d IPs (want %d), 10.0.0.0: %d (want %d)", len(m.NotFoundByIp), tt.wantIPs, m.NotFoundByIp["10.0.0.0"], tt.wantFirst)
			}
		})
	}
}
