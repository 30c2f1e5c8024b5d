package agent

import "runtime"

// maxFrames bounds the stack trace of an event.
const maxFrames = 32

// appStack returns the caller's stack without the agent's own frames,
// skipping skip frames first: the app's file:line of the protected call
// comes first.
func appStack(skip int) []Frame {
	var pcs [maxFrames + 16]uintptr
	n := runtime.Callers(skip+1, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	var out []Frame
	for {
		f, more := frames.Next()
		if !isOwnFrame(f.Function, f.File) && len(out) < maxFrames {
			out = append(out, Frame{Function: f.Function, File: f.File, Line: f.Line})
		}
		if !more {
			break
		}
	}
	return out
}
