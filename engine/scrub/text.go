package scrub

import "strings"

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

// subtract returns the parts of spans outside every span of cut.
func subtract(spans, cut []span) []span {
	if len(cut) == 0 {
		return spans
	}
	var out []span
	for _, sp := range spans {
		parts := []span{sp}
		for _, c := range cut {
			var next []span
			for _, p := range parts {
				if c.end <= p.start || c.start >= p.end {
					next = append(next, p)
					continue
				}
				if p.start < c.start {
					next = append(next, span{p.start, c.start})
				}
				if c.end < p.end {
					next = append(next, span{c.end, p.end})
				}
			}
			parts = next
		}
		out = append(out, parts...)
	}
	return out
}

// redact replaces each span of t (in any order, possibly overlapping) by
// Redacted; touching or overlapping spans become one marker.
func redact(t string, spans []span) string {
	if len(spans) == 0 {
		return t
	}
	sortSpans(spans)
	var b strings.Builder
	b.Grow(len(t))
	pos := 0
	for i := 0; i < len(spans); {
		start, end := spans[i].start, spans[i].end
		for i++; i < len(spans) && spans[i].start <= end; i++ {
			end = max(end, spans[i].end)
		}
		if start < pos {
			start = pos
		}
		b.WriteString(t[pos:start])
		b.WriteString(Redacted)
		pos = end
	}
	b.WriteString(t[pos:])
	return b.String()
}

// sortSpans sorts by start (insertion sort: a text has few secrets).
func sortSpans(spans []span) {
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start < spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
}
