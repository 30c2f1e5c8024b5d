package waf

import "testing"

func TestMatchString(t *testing.T) {
	tests := []struct {
		in   string
		sqli bool
		want string
	}{
		{"1' OR '1'='1", true, "boolean test at byte 3"},
		{"1');select case when 1=1 then 1 else null end--", true, "stacked statement at byte 4"},
		{"<script>alert(1)</script>", false, "script tag at byte 0"},
		{"\";alert('xss');//", false, "script call at byte 2"},
		{"john", true, "no match"},
	}
	for _, tt := range tests {
		var m Match
		if tt.sqli {
			m, _ = DetectSQLi(tt.in)
		} else {
			m, _ = DetectXSS(tt.in)
		}
		if got := m.String(); got != tt.want {
			t.Errorf("Match(%q).String() = %q; want %q", tt.in, got, tt.want)
		}
	}
}
