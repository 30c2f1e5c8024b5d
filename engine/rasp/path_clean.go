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

// pathWalk is the state of a cleaning walk.
type pathWalk struct {
	path  string
	stack []segment
	// above counts the ".." that climbed above the start of a relative path.
	above int
}

func newPathWalk(path string, buf []segment) pathWalk {
	return pathWalk{path: path, stack: buf[:0]}
}

// walk applies the segments of path[from:to] to the stack, as path.Clean
// would: "." and empty segments vanish, ".." pops (above the root of an
// absolute path it stays at the root; above the start of a relative path
// it is counted in above).
func (w *pathWalk) walk(from, to int, absolute bool) {
	p := w.path
	for i := from; i < to; {
		if isPathSep(p[i]) {
			i++
			continue
		}
		j := i
		for j < to && !isPathSep(p[j]) {
			j++
		}
		switch seg := p[i:j]; seg {
		case ".":
		case "..":
			switch {
			case len(w.stack) > 0:
				w.stack = w.stack[:len(w.stack)-1]
			case !absolute:
				w.above++
			}
		default:
			w.stack = append(w.stack, segment{i, j})
		}
		i = j
	}
}

// escapes reports whether cleaning path leaves the directory path[:base]:
// whether the cleaned path no longer lies strictly under the cleaned base.
// A path that cleans to the base itself has left the entry it was meant to
// name.
func escapes(path string, base int) bool {
	var buf, baseBuf [maxInlineSegments]segment
	absolute := len(path) > 0 && isPathSep(path[0])
	w := newPathWalk(path, buf[:])
	w.walk(0, base, absolute)
	baseSegs := append(baseBuf[:0], w.stack...)
	baseAbove := w.above
	w.walk(base, len(path), absolute)
	if w.above != baseAbove || len(w.stack) <= len(baseSegs) {
		return true
	}
	for i, s := range baseSegs {
		if w.stack[i] != s && path[w.stack[i].start:w.stack[i].end] != path[s.start:s.end] {
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
