package scrub

import (
	"cmp"
	"slices"
	"strings"
)

// span is a half-open byte range [start, end) of a text.
type span struct{ start, end int }

// ScrubText redacts the secrets in free text: every match of the value
// regex, and the values of key=value or key: value pairs whose key
// matches the key regex. It returns text itself when nothing is redacted.
func (s *Scrubber) ScrubText(text string) string {
	return s.ScrubEvidence(text, "")
}

// ScrubEvidence is ScrubText for the text of an attack (a SQL query, a URL,
// a command line) that holds the attack's evidence keep, the part of the
// request that matched. The bytes of every occurrence of keep in text are
// left as they are, so the event still shows the attack, unless keep
// itself contains a match of the value regex: a secret is redacted even
// inside evidence. An empty keep keeps nothing.
func (s *Scrubber) ScrubEvidence(text, keep string) string {
	return s.scrubWith(text, keep, nil)
}

// scrubWith redacts in text the secrets, the values of sensitive pairs and
// the given extra spans, except the bytes of keep (see ScrubEvidence).
func (s *Scrubber) scrubWith(text, keep string, extra []span) string {
	if text == "" {
		return text
	}
	parts := s.secretParts(text)
	pairs := hasPairByte(text)
	if parts == 0 && !pairs && len(extra) == 0 {
		return text
	}
	spans := extra
	if parts != 0 {
		spans = s.secretSpans(text, parts, spans)
	}
	if pairs {
		spans = s.pairSpans(text, spans)
	}
	if len(spans) == 0 {
		return text
	}
	spans = normalize(spans)
	if keep != "" && !s.hasSecret(keep) {
		spans = subtract(spans, occurrences(text, keep))
	}
	return redact(text, spans)
}

// hasSecret reports whether t contains a match of the value regex that is
// redacted (a card candidate only when it passes Luhn).
func (s *Scrubber) hasSecret(t string) bool {
	return len(s.secretSpans(t, s.secretParts(t), nil)) > 0
}

// secretSpans appends the matches in t of the alternatives of the value
// regex in the set parts, dropping card candidates that fail Luhn.
func (s *Scrubber) secretSpans(t string, parts uint32, spans []span) []span {
	for i, p := range s.value {
		if parts&(1<<i) == 0 {
			continue
		}
		if in, may, ok := windowed(i); ok && s.defaultValue {
			spans = windowSpans(p, t, in, may, spans)
			continue
		}
		spans = p.appendMatches(t, 0, spans)
	}
	return spans
}

// occurrences returns the non-overlapping occurrences of keep in t.
func occurrences(t, keep string) []span {
	var out []span
	for i := 0; ; {
		j := strings.Index(t[i:], keep)
		if j < 0 {
			return out
		}
		out = append(out, span{i + j, i + j + len(keep)})
		i += j + len(keep)
	}
}

// normalize sorts spans by start and merges the ones that overlap or
// touch, in place.
func normalize(spans []span) []span {
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	out := spans[:0]
	for _, sp := range spans {
		if n := len(out); n > 0 && sp.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, sp.end)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// subtract returns the parts of spans outside every span of cut; both are
// sorted and disjoint. It takes time linear in their lengths.
func subtract(spans, cut []span) []span {
	var out []span
	j := 0
	for _, sp := range spans {
		for j < len(cut) && cut[j].end <= sp.start {
			j++
		}
		start := sp.start
		for k := j; k < len(cut) && cut[k].start < sp.end; k++ {
			if cut[k].start > start {
				out = append(out, span{start, cut[k].start})
			}
			start = max(start, cut[k].end)
		}
		if start < sp.end {
			out = append(out, span{start, sp.end})
		}
	}
	return out
}

// redact replaces each of the sorted, disjoint spans of t by Redacted.
func redact(t string, spans []span) string {
	if len(spans) == 0 {
		return t
	}
	var b strings.Builder
	b.Grow(len(t))
	pos := 0
	for _, sp := range spans {
		b.WriteString(t[pos:sp.start])
		b.WriteString(Redacted)
		pos = sp.end
	}
	b.WriteString(t[pos:])
	return b.String()
}
