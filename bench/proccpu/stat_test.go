package proccpu

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tail := " S 1 2 3 4 5 6 7 8 9 10 %s %s 11 12 13 14 15 16 17"
	tests := []struct {
		name    string
		stat    string
		want    Times
		wantErr string
	}{
		{"plain", "42 (app)" + sprintf(tail, "150", "25"), Times{1500 * time.Millisecond, 250 * time.Millisecond}, ""},
		{"command with spaces and parens", "42 (my (odd) app)" + sprintf(tail, "1", "2"), Times{10 * time.Millisecond, 20 * time.Millisecond}, ""},
		{"no command", "42 app S 1", Times{}, "no (command) field"},
		{"paren without opening", "42 app) S 1", Times{}, "no (command) field"},
		{"too short", "42 (app) S 1 2 3", Times{}, "4 fields after the command"},
		{"bad utime", "42 (app)" + sprintf(tail, "x", "2"), Times{}, "utime (field 14)"},
		{"negative stime", "42 (app)" + sprintf(tail, "1", "-2"), Times{}, "stime (field 15)"},
		{"absurd utime", "42 (app)" + sprintf(tail, "99999999999999", "2"), Times{}, "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.stat)
			if tt.wantErr != "" {
				if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want ErrFormat containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Parse = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func sprintf(format string, a, b string) string {
	return strings.Replace(strings.Replace(format, "%s", a, 1), "%s", b, 1)
}

func TestReadSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	before, err := Read(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn CPU until the counter moves (one tick is 10 ms); bounded.
	x := 0
	for i := 0; i < 2_000_000_000; i++ {
		x += i
		if i%1_000_000 == 0 {
			if now, _ := Read(os.Getpid()); now.Total() > before.Total() {
				return
			}
		}
	}
	t.Errorf("cpu time did not move after a busy loop (x=%d)", x)
}

func TestReadMissing(t *testing.T) {
	if _, err := Read(-1); err == nil || !strings.Contains(err.Error(), "process -1") {
		t.Errorf("Read(-1) err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("42 (app) S 1 2 3 4 5 6 7 8 9 10 150 25 11 12")
	f.Add("1 (a) b) R 0 0 0 0 0 0 0 0 0 0 1 1")
	f.Add(")(")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		if got.User < 0 || got.System < 0 || got.User%tick != 0 {
			t.Fatalf("Parse(%q) = %v", s, got)
		}
	})
}
