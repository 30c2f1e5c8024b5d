package rasp

// This file holds the path cleaner of the path-traversal detector: a walk
// over the segments of a path, with / and \ both separators (a path may
// reach a Windows file system), that tells whether the cleaned path stays
// under a base directory. It does not allocate for paths of up to
// maxInlineSegments segments.

const maxInlineSegments = 48

// segment is a path segment: bytes [start, end) of the path.
type segment struct{ start, end int }

func isPathSep(c byte) bool { return c == '/' || c == '\\' }

// walkSegments applies the segments of path[from:to] to stack, as
// path.Clean would: "." and empty segments vanish, ".." pops (above the
// root of an absolute path it stays at the root; above the start of a
// relative path it is counted in above). It returns the new stack and
// count.
func walkSegments(path string, from, to int, absolute bool, stack []segment, above int) ([]segment, int) {
	for i := from; i < to; {
		if isPathSep(path[i]) {
			i++
			continue
		}
		j := i
		for j < to && !isPathSep(path[j]) {
			j++
		}
		switch seg := path[i:j]; seg {
		case ".":
		case "..":
			switch {
			case len(stack) > 0:
				stack = stack[:len(stack)-1]
			case !absolute:
				above++
			}
		default:
			stack = append(stack, segment{i, j})
		}
		i = j
	}
	return stack, above
}

// escapes reports whether cleaning path leaves the directory path[:base]:
// whether the cleaned path no longer lies strictly under the cleaned base.
// A path that cleans to the base itself has left the entry it was meant to
// name.
func escapes(path string, base int) bool {
	var buf, baseBuf [maxInlineSegments]segment
	absolute := len(path) > 0 && isPathSep(path[0])
	stack, above := walkSegments(path, 0, base, absolute, buf[:0], 0)
	baseSegs := append(baseBuf[:0], stack...)
	baseAbove := above
	stack, above = walkSegments(path, base, len(path), absolute, stack, above)
	if above != baseAbove || len(stack) <= len(baseSegs) {
		return true
	}
	for i, s := range baseSegs {
		if stack[i] != s && path[stack[i].start:stack[i].end] != path[s.start:s.end] {
			return true
		}
	}
	return false
}

// baseDir returns the end of the directory an input starting at offset s
// of path was meant to stay in: path[:s] when the input starts a segment,
// else up to the last separator before s.
func baseDir(path string, s int, input string) int {
	if s == 0 || isPathSep(path[s-1]) || isPathSep(input[0]) {
		return s
	}
	for i := s - 1; i >= 0; i-- {
		if isPathSep(path[i]) {
			return i + 1
		}
	}
	return 0
}
