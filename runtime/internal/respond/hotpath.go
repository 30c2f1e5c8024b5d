package respond

// WriteCode returns the functions of this package that a protected
// request runs once its template starts, as function values, in the
// order they run (see the agent's PrefetchPage): the page written, the
// headers sent, the response finished. Functions inlined into these
// (addHeader, bodyAllowed) are not listed, nor WriteString and Header,
// which a template does not call.
func WriteCode() []any {
	return []any{
		(*Writer).Write, (*Writer).gate, (*Writer).admit, (*Writer).sendLocked,
		(*Headers).apply, (*Headers).applyCSP, (*Writer).flushBuf, (*Writer).Finish,
	}
}
