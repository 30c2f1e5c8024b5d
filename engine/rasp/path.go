package rasp

import (
	"strings"
)

// maxPathLen is the longest path judged; longer ones fail with
// ENAMETOOLONG (Linux allows 4 KiB, Windows long paths 32 Ki characters).
const maxPathLen = 64 << 10

// PathTraversal reports whether input, where it occurs in path, makes the
// path leave the directory it was meant to stay in. See DetectPath.
func PathTraversal(path, input string) bool {
	_, ok := DetectPath(path, input)
	return ok
}

// DetectPath is the path-traversal detector.
//
// What it detects: a user input that, placed in a file path, makes the
// path leave the directory the input was meant to stay in. For every
// occurrence of input in path, the directory is path up to the occurrence
// (up to the last separator when the input starts inside a segment). It is
// an attack when:
//   - the path, cleaned as path.Clean would with both / and \ as
//     separators, no longer lies under that directory ("../..", "..\\");
//   - the input starts the path and is absolute ("/etc/passwd", "\\x",
//     "C:\\x", "C:/x"): an absolute path where a name was expected. A bare
//     top-level directory ("/etc", "/app/") is left alone: it names no
//     file and often coincides with the application's own paths;
//   - the input holds a NUL byte (truncation).
//
// Encoded forms: an input holding %XX escapes is also looked for decoded,
// once and twice ("%2e%2e%2f", "%252e%252e%252f"), since a sink may see the
// decoded value while the request held the encoded one. A raw occurrence of
// "%2e%2e%2f" is a file name with percent signs and stays inside.
//
// An input that is a file: URL ("file:///etc/passwd", also with tabs or
// newlines inside as URL parsers drop them) is an attack when the sink is
// the absolute path it names: applications turn such URLs into paths.
//
// Occurrences are looked for exactly, then ignoring ASCII case, since
// case-insensitive file systems open "/ETC/passwd" as "/etc/passwd" and
// applications lower-case names.
//
// Not an attack: plain names, nested relative names ("a/b/c.txt") and
// ".." that stays inside ("a/../b.txt"). A path that climbs out and comes
// back ("../uploads/x" under uploads) is an attack: it left the directory
// on the way, where symbolic links and checks can make the detour matter.
//
// Arguments: path is the path given to the file system; input a request
// value. Inputs shorter than 2 bytes or absent from path never match, nor
// do paths longer than 64 KiB, which no file system opens.
//
// Example: DetectPath("/srv/uploads/../../etc/passwd", "../../etc/passwd").
func DetectPath(path, input string) (Finding, bool) {
	if len(input) < 2 || len(path) > maxPathLen {
		return Finding{}, false
	}
	if f, ok := detectPathRaw(path, input); ok {
		return f, true
	}
	if len(input) > 5 && hasFoldPrefixAfterBlanks(input, "file:") {
		if reason := fileURLReason(path, input); reason != "" {
			return Finding{Kind: "path", Input: input, Reason: reason}, true
		}
	}
	if strings.IndexByte(input, '%') < 0 {
		return Finding{}, false
	}
	decoded := input
	for range 2 {
		next, ok := percentDecode(decoded)
		if !ok || next == decoded || len(next) < 2 {
			break
		}
		decoded = next
		if f, ok := detectPathRaw(path, decoded); ok {
			f.Input = input
			f.Reason += " (input percent-decoded)"
			return f, true
		}
	}
	return Finding{}, false
}

func detectPathRaw(path, input string) (Finding, bool) {
	// Exact occurrences first; on case-insensitive file systems an input
	// may also reach the sink with its case changed ("/ETC/passwd").
	for _, fold := range [...]bool{false, true} {
		if fold && !hasASCIILetter(input) {
			break
		}
		if first := indexPath(path, input, 0, fold); first >= 0 {
			return judgePathOccurrences(path, input, first, fold)
		}
	}
	return Finding{}, false
}

// judgePathOccurrences checks every occurrence of input in path, the
// first of which is at first, with one walk over the path.
func judgePathOccurrences(path, input string, first int, fold bool) (Finding, bool) {
	found := func(offset int, reason string) (Finding, bool) {
		return Finding{Kind: "path", Input: input, Offset: offset, Reason: reason}, true
	}
	if strings.IndexByte(input, 0) >= 0 {
		return found(first, "input holds a NUL byte")
	}
	if first == 0 && isAbsolutePath(input) && !isTopLevelDir(input) {
		return found(0, "input is an absolute path")
	}
	if !hasDotSegment(input) {
		return Finding{}, false
	}
	var basesBuf, offsetsBuf [8]int
	bases, offsets := basesBuf[:0], offsetsBuf[:0]
	for s := first; s >= 0; s = indexPath(path, input, s+1, fold) {
		bases = append(bases, baseDir(path, s, input))
		offsets = append(offsets, s)
	}
	if k, ok := escapingBase(path, bases); ok {
		return found(offsets[k], "input leaves the directory with . or .. segments")
	}
	return Finding{}, false
}

// indexPath returns the first occurrence of input in path at or after
// from, comparing ASCII letters case-insensitively when fold is set, or -1.
func indexPath(path, input string, from int, fold bool) int {
	if from > len(path) {
		return -1
	}
	if !fold {
		if i := strings.Index(path[from:], input); i >= 0 {
			return from + i
		}
		return -1
	}
	c0 := input[0]
	for i := from; i+len(input) <= len(path); i++ {
		if c := path[i]; c != c0 && (c|0x20 != c0|0x20 || !isASCIILetter(c)) {
			continue
		}
		if asciiEqualFold(path[i:i+len(input)], input) {
			return i
		}
	}
	return -1
}

func hasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if isASCIILetter(s[i]) {
			return true
		}
	}
	return false
}

// asciiEqualFold compares a and b (of equal length), ASCII letters
// case-insensitively.
func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if x|0x20 != y|0x20 || !isASCIILetter(x) {
			return false
		}
	}
	return true
}

// hasDotSegment reports whether p holds a "." or ".." segment.
func hasDotSegment(p string) bool {
	for i := strings.IndexByte(p, '.'); i >= 0 && i < len(p); {
		j := i
		for j < len(p) && p[j] == '.' {
			j++
		}
		if j-i <= 2 && (i == 0 || isPathSep(p[i-1])) && (j == len(p) || isPathSep(p[j])) {
			return true
		}
		k := strings.IndexByte(p[j:], '.')
		if k < 0 {
			return false
		}
		i = j + k
	}
	return false
}

// hasFoldPrefixAfterBlanks is a cheap test for fileURLPath: whether s,
// after leading blanks and controls and ignoring tabs and newlines inside,
// may start with prefix.
func hasFoldPrefixAfterBlanks(s, prefix string) bool {
	i := 0
	for i < len(s) && s[i] <= ' ' {
		i++
	}
	return i < len(s) && s[i]|0x20 == prefix[0]
}

// isTopLevelDir reports whether p is a bare top-level directory ("/etc",
// "/app/"): such inputs often coincide with the start of the application's
// own paths, and name no file by themselves.
func isTopLevelDir(p string) bool {
	if p == "" || !isPathSep(p[0]) {
		return false
	}
	name := strings.TrimRight(p[1:], `/\`)
	if len(name) < len(p)-2 || name == "" || name == "." || name == ".." {
		return false
	}
	return strings.IndexAny(name, `/\`) < 0
}

// isAbsolutePath reports whether p is absolute on Unix or Windows.
func isAbsolutePath(p string) bool {
	if p == "" {
		return false
	}
	if isPathSep(p[0]) {
		return true
	}
	return len(p) >= 3 && p[1] == ':' && isPathSep(p[2]) && isASCIILetter(p[0])
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// percentDecode decodes %XX escapes; it reports false when s holds none.
// Invalid escapes are kept as they are.
func percentDecode(s string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, false
	}
	var b strings.Builder
	b.Grow(len(s))
	changed := false
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			changed = true
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), changed
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}
