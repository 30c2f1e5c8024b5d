package rasp

import (
	"path"
	"strings"
)

// This file covers inputs that are file: URLs. An application that turns
// a URL into a file path (url.Parse, then u.Path) opens whatever absolute
// path the URL names, so "file:///etc/passwd" reaches the sink as
// "/etc/passwd" and never occurs there verbatim.

// fileURLPath returns the absolute path a file: URL names, read as URL
// parsers do: tabs and newlines dropped anywhere, leading blanks and
// controls ignored, the host skipped, %XX decoded, dot segments resolved.
// It reports false for inputs that are not file: URLs.
func fileURLPath(input string) (string, bool) {
	if strings.ContainsAny(input, "\t\n\r") {
		input = dropTabsNewlines(input)
	}
	input = strings.TrimLeft(input, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if len(input) < 5 || !strings.EqualFold(input[:5], "file:") {
		return "", false
	}
	rest := input[5:]
	if strings.HasPrefix(rest, "//") || strings.HasPrefix(rest, `\\`) {
		rest = rest[2:]
		// The host runs to the next separator; file URLs name local files.
		if i := strings.IndexAny(rest, `/\`); i >= 0 {
			rest = rest[i:]
		} else {
			rest = "/"
		}
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if decoded, ok := percentDecode(rest); ok {
		rest = decoded
	}
	rest = strings.ReplaceAll(rest, `\`, "/")
	return path.Clean("/" + rest), true
}

// fileURLReason says whether input is a file: URL naming path.
func fileURLReason(sinkPath, input string) string {
	p, ok := fileURLPath(input)
	if !ok || p == "/" {
		return ""
	}
	if path.Clean(strings.ReplaceAll(sinkPath, `\`, "/")) == p {
		return "input is a file: URL naming the path " + p
	}
	return ""
}
