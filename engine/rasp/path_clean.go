package rasp

// This file holds the path walk of the path-traversal detector: one pass
// over the segments of a path, with / and \ both separators (a path may
// reach a Windows file system), that tells whether the path climbs out of
// one of several base directories. It does not allocate.

func isPathSep(c byte) bool { return c == '/' || c == '\\' }

// escapingBase walks path once, as path.Clean would ("." and empty
// segments vanish, ".." removes the segment before it, stays at the root
// of an absolute path and climbs above the start of a relative one), and
// reports the index of a base, among the offsets bases (sorted, each at a
// segment boundary), that the path leaves: after the base, the path goes
// above it, or ends at the base itself (it names no entry inside).
//
// A base is left when the depth after it drops below the depth at it, so
// it is enough to remember the deepest base seen so far.
func escapingBase(path string, bases []int) (int, bool) {
	absolute := len(path) > 0 && isPathSep(path[0])
	depth, next := 0, 0
	deepest, deepestAt := -1, -1
	for i := 0; ; {
		for next < len(bases) && bases[next] <= i {
			if depth > deepest {
				deepest, deepestAt = depth, next
			}
			next++
		}
		if i >= len(path) {
			break
		}
		if isPathSep(path[i]) {
			i++
			continue
		}
		j := i
		for j < len(path) && !isPathSep(path[j]) {
			j++
		}
		switch path[i:j] {
		case ".":
		case "..":
			switch {
			case depth > 0:
				depth--
				if depth < deepest {
					return deepestAt, true
				}
			case !absolute && deepestAt >= 0:
				return deepestAt, true // above the start of a relative path
			}
		default:
			depth++
		}
		i = j
	}
	if deepestAt >= 0 && depth <= deepest {
		return deepestAt, true
	}
	return 0, false
}

// escapes reports whether path leaves the directory path[:base].
func escapes(path string, base int) bool {
	_, ok := escapingBase(path, []int{base})
	return ok
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
