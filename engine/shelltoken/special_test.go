package shelltoken

import "testing"

func TestSpecialBytes(t *testing.T) {
	if len(specialBytes) != 128 {
		t.Fatalf("table has %d entries, want 128", len(specialBytes))
	}
	want := " \t\n;&|<>()`$\\'\""
	for c := 0; c < 256; c++ {
		expected := false
		for i := 0; i < len(want); i++ {
			if want[i] == byte(c) {
				expected = true
			}
		}
		if got := isSpecial(byte(c)); got != expected {
			t.Errorf("isSpecial(%q) = %v, want %v", rune(c), got, expected)
		}
	}
}
