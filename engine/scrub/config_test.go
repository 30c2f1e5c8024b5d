package scrub

import (
	"errors"
	"regexp/syntax"
	"strings"
	"sync"
	"testing"
)

func TestNewErrors(t *testing.T) {
	tests := []struct {
		cfg    Config
		prefix string
	}{
		{Config{KeyRegex: "(password"}, "scrub: key regex: error parsing regexp: "},
		{Config{ValueRegex: "[a-"}, "scrub: value regex: error parsing regexp: "},
		{Config{KeyRegex: "ok", ValueRegex: "x**"}, "scrub: value regex: "},
	}
	for _, tt := range tests {
		s, err := New(tt.cfg)
		if err == nil || s != nil {
			t.Errorf("New(%+v) = %v, %v; want an error", tt.cfg, s, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.prefix) {
			t.Errorf("New(%+v) error %q; want prefix %q", tt.cfg, err, tt.prefix)
		}
		var se *syntax.Error
		if !errors.As(err, &se) {
			t.Errorf("New(%+v) error %v does not wrap *syntax.Error", tt.cfg, err)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	for _, cfg := range []Config{{}, DefaultConfig(), {KeyRegex: DefaultKeyRegex}} {
		s, err := New(cfg)
		if err != nil {
			t.Fatalf("New(%+v): %v", cfg, err)
		}
		if !s.SensitiveKey("password") || s.ScrubText("mail bob@example.com") != "mail "+Redacted {
			t.Errorf("New(%+v) does not apply the defaults", cfg)
		}
	}
	if !Default().card {
		t.Error("the default value regex has no card group")
	}
}

func TestCustomConfig(t *testing.T) {
	s, err := New(Config{KeyRegex: `^(?i)pin$`, ValueRegex: `\b\d{3}-\d{2}-\d{4}\b`})
	if err != nil {
		t.Fatal(err)
	}
	if s.SensitiveKey("password") || !s.SensitiveKey("PIN") {
		t.Error("custom key regex not applied")
	}
	if got := s.ScrubText("ssn 123-45-6789, mail bob@example.com"); got != "ssn "+Redacted+", mail bob@example.com" {
		t.Errorf("custom value regex: got %q", got)
	}
	never, err := New(Config{KeyRegex: `[^\s\S]`, ValueRegex: `[^\s\S]`})
	if err != nil {
		t.Fatal(err)
	}
	if got := never.ScrubValue("password", "bob@example.com"); got != "bob@example.com" {
		t.Errorf("match-nothing config redacted: %q", got)
	}
}

func TestLuhnCard(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"4111111111111111", true},
		{"4111 1111 1111 1111", true},
		{"4111-1111-1111-1111", true},
		{"5500005555555559", true},
		{"378282246310005", true}, // Amex, 15 digits
		{"4111111111111112", false},
		{"1234567890123", false},
		{"411111111111", false},         // 12 digits
		{"41111111111111111111", false}, // 20 digits
		{"4111x111111111111", false},
		{"1700000000004", false},    // passes Luhn; a millisecond timestamp
		{"7000000000000005", false}, // passes Luhn; no card starts with 7
		{"6011111111111117", true},  // Discover
		{"3530111333300000", true},  // JCB
		{"", false},
	}
	for _, tt := range tests {
		if got := luhnCard(tt.in); got != tt.want {
			t.Errorf("luhnCard(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// New compiles no regex: each compiles the first time it runs, and with
// the default configuration only the alternatives that may match a value
// run (fastpath.go), so a scrubber that saw no secret keeps none in
// memory.
func TestRegexesCompiledOnFirstUse(t *testing.T) {
	s := Default()
	compiled := func() (n int) {
		for _, p := range s.value {
			if p.re.compiled() {
				n++
			}
		}
		return n
	}
	if s.key.compiled() || compiled() != 0 {
		t.Fatalf("New compiled regexes: key %v, %d value parts", s.key.compiled(), compiled())
	}
	if !s.SensitiveKey("password") || s.SensitiveKey("page") || s.ScrubText("page 2 of 7") != "page 2 of 7" {
		t.Fatal("the default scrubber does not scrub as it should")
	}
	if s.key.compiled() || compiled() != 0 {
		t.Errorf("ASCII keys and a text without a secret compiled regexes: key %v, %d value parts", s.key.compiled(), compiled())
	}
	if got := s.ScrubText("mail bob@example.com"); got != "mail "+Redacted {
		t.Errorf("ScrubText = %q", got)
	}
	if n := compiled(); n != 1 {
		t.Errorf("an email compiled %d value parts, want 1", n)
	}
	if !s.SensitiveKey("ſecret") || !s.key.compiled() { // non-ASCII: the regex decides
		t.Errorf("a non-ASCII key: sensitive %v, key regex compiled %v", s.SensitiveKey("ſecret"), s.key.compiled())
	}
}

// The first uses may come from many goroutines at once (go test -race).
func TestRegexesCompiledConcurrently(t *testing.T) {
	s, err := New(Config{KeyRegex: `(?i)^pin$`, ValueRegex: `\b\d{3}-\d{2}-\d{4}\b|\bkey-[a-z]+`})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := s.ScrubText("ssn 123-45-6789 key-abc"); got != "ssn "+Redacted+" "+Redacted {
				t.Errorf("ScrubText = %q", got)
			}
			if !s.SensitiveKey("PIN") {
				t.Error("PIN is not sensitive")
			}
		})
	}
	wg.Wait()
}
