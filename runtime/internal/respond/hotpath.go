package respond

// WriteCode returns the functions of this package that a protected
// request runs once its template starts, as function values, in the
// order they run (see the agent's PrefetchPage): the page written, the
// headers sent (over HTTP/1, with net/http's header block), the
// response finished. Functions inlined into these (bodyAllowed) are not
// listed, nor WriteString and Header, which a template does not call, nor
// what HTTP/2 responses run instead of WireHeaders (apply).
func WriteCode() []any {
	return []any{
		(*Writer).Write, (*Writer).gate, (*Writer).admit, (*Writer).sendLocked,
		(*Writer).flushBuf, (*Writer).WireHeaders, (*Headers).writeWire, (*Writer).Finish,
	}
}
