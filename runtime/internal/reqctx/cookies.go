package reqctx

import "strings"

// ParseCookies reads Cookie header lines ("a=1; b=2") into a map of name
// to value; a name given twice keeps both values joined with ",". It is
// more lenient than net/http (which drops names and values outside the
// RFC 6265 grammar): every pair a client sent is a user input to check.
// Surrounding double quotes are removed from values; parts without "="
// or with an empty name are skipped.
func ParseCookies(lines []string) map[string]string {
	if len(lines) == 0 {
		return nil
	}
	var out map[string]string
	for _, line := range lines {
		for part := range strings.SplitSeq(line, ";") {
			name, value, ok := strings.Cut(part, "=")
			name = strings.TrimSpace(name)
			if !ok || name == "" {
				continue
			}
			value = strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			if out == nil {
				out = make(map[string]string, 4)
			}
			if old, dup := out[name]; dup {
				value = old + "," + value
			}
			out[name] = value
		}
	}
	return out
}
