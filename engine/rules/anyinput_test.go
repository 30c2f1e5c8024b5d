package rules

import "testing"

func TestRewriteAnyInput(t *testing.T) {
	tests := []struct{ in, want string }{
		{`any_input(is_sqli(#))`, `any(__in, is_sqli(#))`},
		{`any_param(# == "a") || any_input(# == "b")`, `any(__pa, # == "a") || any(__in, # == "b")`},
		{`request.path == "any_input(x)"`, `request.path == "any_input(x)"`},
		{`request.body.any_input(1)`, `request.body.any_input(1)`},
		{`any_input (# == "a")`, `any_input (# == "a")`},
		{`"é" == "é" && any_input(# == "ü")`, `"é" == "é" && any(__in, # == "ü")`},
		{`"unterminated`, `"unterminated`},
	}
	for _, tt := range tests {
		got, err := rewriteAnyInput(tt.in)
		if err != nil {
			t.Errorf("rewriteAnyInput(%s): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("rewriteAnyInput(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if _, err := rewriteAnyInput(`__state != nil`); err == nil || err.Message != "__state is reserved (names starting with __ are not available to rules)" {
		t.Errorf("reserved name: %v", err)
	}
}

// FuzzRewriteAnyInput checks that the rewrite never panics and keeps every
// position: the output has as many runes as the input.
func FuzzRewriteAnyInput(f *testing.F) {
	for _, s := range []string{`any_input(is_sqli(#))`, `any_param(# == "é")`, `"any_input("`, `a.any_input(`, `any_input(`, `__x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := rewriteAnyInput(s)
		if err != nil {
			return
		}
		if a, b := len([]rune(s)), len([]rune(out)); a != b {
			t.Errorf("rewrite of %q changed length %d -> %d: %q", s, a, b, out)
		}
	})
}
