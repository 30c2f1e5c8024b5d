// Package rasp holds the context-aware injection detectors of the engine.
//
// Each detector answers one question: does the user-controlled input, where
// it occurs in the sink string (a SQL query, a shell command line, a file
// path, a URL, rendered HTML), change the sink's structure? The answer comes
// from a tokenizer of the sink's language, never from signatures.
//
// The four boolean functions SQLInjection, ShellInjection, PathTraversal and
// SSRF are a stable API called by external evaluation harnesses.
package rasp
