package rules

import "strings"

// ParseCookies reads Cookie header lines ("a=1; b=2") into a map of name
// to value; a name given twice keeps both values joined with ",". It is
// more lenient than net/http (which drops names and values outside the
// RFC 6265 grammar): every pair a client sent is a user input to check.
// Surrounding double quotes are removed from values; parts without "="
// or with an empty name are skipped. The cookie inputs of a Request
// FromRaw are the entries of this map.
func ParseCookies(lines []string) map[string]string {
	var out map[string]string
	eachCookie(lines, func(name, value string) {
		if out == nil {
			out = make(map[string]string, 4)
		}
		if old, dup := out[name]; dup {
			value = old + "," + value
		}
		out[name] = value
	})
	return out
}

// eachCookie calls fn for every name and value of Cookie header lines, in
// order, as ParseCookies reads them, duplicates included.
func eachCookie(lines []string, fn func(name, value string)) {
	for _, line := range lines {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ";")
			name, value, ok := strings.Cut(part, "=")
			name = strings.TrimSpace(name)
			if !ok || name == "" {
				continue
			}
			value = strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			fn(name, value)
		}
	}
}

// maxCookiesCompared bounds the cookies eachCookieOnce compares pairwise
// to find a name given twice.
const maxCookiesCompared = 16
