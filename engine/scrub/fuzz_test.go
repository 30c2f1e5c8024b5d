package scrub

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// FuzzScrubText checks that scrubbing never panics, that no secret the
// value regex finds survives in the output, and that a second pass
// changes nothing.
func FuzzScrubText(f *testing.F) {
	for _, s := range []string{"card 4111 1111 1111 1111", "a@b.io", "Authorization: Bearer abcdefgh12345678",
		jwt, pemKey, "x?token=1&y=2", "password='a''b'", "k: 'unterminated", "\\", "a=\"\\"} {
		f.Add(s)
	}
	s := Default()
	f.Fuzz(func(t *testing.T, text string) {
		out := s.ScrubText(text)
		if spans := s.secretSpans(out, allParts, nil); len(spans) > 0 {
			t.Fatalf("ScrubText(%q) = %q still holds %q", text, out, out[spans[0].start:spans[0].end])
		}
		if again := s.ScrubText(out); again != out {
			t.Fatalf("ScrubText not idempotent on %q: %q then %q", text, out, again)
		}
	})
}

// FuzzScrubEvidence checks that evidence without a secret survives and
// that no secret does.
func FuzzScrubEvidence(f *testing.F) {
	f.Add("SELECT * FROM t WHERE e = 'bob@example.com' OR '1'='1'", "' OR '1'='1")
	f.Add("mail=bob@evil.com", "@evil.com")
	s := Default()
	f.Fuzz(func(t *testing.T, text, keep string) {
		out := s.ScrubEvidence(text, keep)
		if keep == "" {
			return
		}
		if !s.hasSecret(keep) && strings.Contains(text, keep) && !strings.Contains(out, keep) {
			t.Fatalf("ScrubEvidence(%q, %q) = %q lost the evidence", text, keep, out)
		}
	})
}

// FuzzDefaultKey checks that the hand-written key matcher decides exactly
// what DefaultKeyRegex decides, whenever it answers.
func FuzzDefaultKey(f *testing.F) {
	for _, k := range []string{"password", "X-Api-Key", "card_no", "card_not", "PASS", "auth_header", "cvv2", "ſecret", "Authorisation"} {
		f.Add(k)
	}
	s := Default()
	f.Fuzz(func(t *testing.T, key string) {
		match, ok := defaultKey(key)
		if ok && match != s.key.get().MatchString(key) {
			t.Fatalf("defaultKey(%q) = %v; DefaultKeyRegex says %v", key, match, !match)
		}
	})
}

// FuzzDefaultSecretParts checks that the pre-filter of the default value
// regex never rules out an alternative that matches, and that the regex split
// into alternatives matches where the whole does.
func FuzzDefaultSecretParts(f *testing.F) {
	for _, v := range []string{"a@b.io", "4111 1111 1111 1111", "Bearer abcdefgh1", jwt, pemKey, "AKIAIOSFODNN7EXAMPLE", "hello"} {
		f.Add(v)
	}
	whole := regexp.MustCompile(DefaultValueRegex)
	s := Default()
	f.Fuzz(func(t *testing.T, text string) {
		m := whole.MatchString(text)
		parts := defaultSecretParts(text)
		for i, p := range s.value {
			if parts&(1<<i) == 0 && p.re.get().MatchString(text) {
				t.Fatalf("pre-filter rules out alternative %d (%s) on %q, which matches", i, p.re, text)
			}
		}
		if s.mayHoldSecret(text) != m {
			t.Fatalf("split alternatives and DefaultValueRegex disagree on %q", text)
		}
	})
}

// FuzzWindowSpans checks that searching the card and e-mail alternatives
// run by run finds exactly what searching the whole text finds.
func FuzzWindowSpans(f *testing.F) {
	for _, v := range []string{"x4111111111111111", "card 4111 1111 1111 1111.", "a@b@c.com", "bob@example.com.x1", "_a@b.co-x", "1234567890123@x.io"} {
		f.Add(v)
	}
	s := Default()
	f.Fuzz(func(t *testing.T, text string) {
		for _, i := range []int{altCard, altEmail} {
			in, may, _ := windowed(i)
			got := windowSpans(s.value[i], text, in, may, nil)
			want := s.value[i].appendMatches(text, 0, nil)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("alternative %d on %q: windows find %v, the whole text %v", i, text, got, want)
			}
		}
	})
}
