package scrub

import (
	"encoding/json"
	"strconv"
)

// SensitiveKey reports whether values stored under key are redacted whole.
func (s *Scrubber) SensitiveKey(key string) bool {
	return key != "" && s.keyMatch(key)
}

// ScrubValue scrubs one value stored under key (a query parameter, a form
// field, a header, a cookie, a JSON member): Redacted when the key is
// sensitive and the value not empty, else the value as ScrubText leaves
// it.
func (s *Scrubber) ScrubValue(key, value string) string {
	if value == "" {
		return value
	}
	if s.SensitiveKey(key) {
		return Redacted
	}
	return s.ScrubText(value)
}

// ScrubValues scrubs a multi-valued map such as url.Values or http.Header
// with ScrubValue. It never modifies m: it returns m itself when nothing
// is redacted, else a new map (sharing the slices that did not change).
func (s *Scrubber) ScrubValues(m map[string][]string) map[string][]string {
	var out map[string][]string
	for k, vs := range m {
		scrubbed := s.scrubSlice(k, vs)
		if out == nil {
			if sameSlice(scrubbed, vs) {
				continue
			}
			out = make(map[string][]string, len(m))
			for k2, v2 := range m {
				out[k2] = v2
			}
		}
		out[k] = scrubbed
	}
	if out == nil {
		return m
	}
	return out
}

// scrubSlice scrubs the values under key, copying vs only when one changes.
func (s *Scrubber) scrubSlice(key string, vs []string) []string {
	var out []string
	for i, v := range vs {
		w := s.ScrubValue(key, v)
		if out == nil {
			if w == v {
				continue
			}
			out = append(make([]string, 0, len(vs)), vs...)
		}
		out[i] = w
	}
	if out == nil {
		return vs
	}
	return out
}

func sameSlice(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// ScrubJSON scrubs a decoded JSON value (what encoding/json produces in an
// any: map[string]any, []any, string, float64, json.Number, bool, nil),
// recursively. Whatever is stored under a sensitive key (a string, a
// number, an object, an array) is replaced by Redacted; strings elsewhere,
// and object keys, are scrubbed as text, and numbers that are Luhn-valid card numbers
// (when the value regex has a "card" group) are replaced by Redacted. It
// never modifies v: it returns v itself when nothing is redacted, else a
// copy of the containers on the way to each change.
func (s *Scrubber) ScrubJSON(v any) any {
	out, _ := s.scrubJSON(v)
	return out
}

// scrubJSON returns the scrubbed value and whether it differs from v.
func (s *Scrubber) scrubJSON(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		y := s.ScrubText(x)
		return y, y != x
	case json.Number:
		if s.cardNumber(string(x)) {
			return Redacted, true
		}
	case float64:
		if x >= 1e12 && x < 1e19 && x == float64(int64(x)) && s.cardNumber(strconv.FormatInt(int64(x), 10)) {
			return Redacted, true
		}
	case []any:
		var out []any
		for i, e := range x {
			y, changed := s.scrubJSON(e)
			if !changed {
				continue
			}
			if out == nil {
				out = append(make([]any, 0, len(x)), x...)
			}
			out[i] = y
		}
		if out != nil {
			return out, true
		}
	case map[string]any:
		var out map[string]any
		for k, e := range x {
			var y any
			var changed bool
			if s.SensitiveKey(k) && !emptyJSON(e) {
				y, changed = Redacted, true
			} else {
				y, changed = s.scrubJSON(e)
			}
			nk := s.ScrubText(k) // a key can be a secret too: {"bob@example.com": ...}
			if !changed && nk == k {
				continue
			}
			if out == nil {
				out = make(map[string]any, len(x))
				for k2, e2 := range x {
					out[k2] = e2
				}
			}
			if nk != k {
				delete(out, k)
				nk = freeKey(nk, x, out)
			}
			out[nk] = y
		}
		if out != nil {
			return out, true
		}
	}
	return v, false
}

// freeKey returns k, or k followed by " (2)", " (3)", ... when k is taken
// in the original map or the output, so that two redacted keys do not
// collide. Which of them gets which suffix follows map iteration order.
func freeKey(k string, orig, out map[string]any) string {
	taken := func(c string) bool {
		_, a := orig[c]
		_, b := out[c]
		return a || b
	}
	if !taken(k) {
		return k
	}
	for i := 2; ; i++ {
		if c := k + " (" + strconv.Itoa(i) + ")"; !taken(c) {
			return c
		}
	}
}

// emptyJSON reports whether a value under a sensitive key reveals nothing:
// null or "".
func emptyJSON(v any) bool {
	return v == nil || v == ""
}

// cardNumber reports whether the digits of a JSON number form a card
// number: the value regex has a "card" group and the digits pass Luhn.
func (s *Scrubber) cardNumber(digits string) bool {
	return s.card && luhnCard(digits)
}
