package respond

// WriteCode returns the functions of this package that a protected
// request runs once its page is rendered, as function values, in the
// order they run (see the agent's PrefetchPage): the body written, the
// headers sent, the response finished.
func WriteCode() []any {
	return []any{
		(*Writer).Write, (*Writer).WriteString, (*Writer).gate, (*Writer).admit, (*Writer).sendLocked,
		(*Headers).apply, addHeader, (*Headers).applyCSP, (*Writer).Header, bodyAllowed,
		(*Writer).flushBuf, (*Writer).Finish,
	}
}
