package rules

// RawInputCode returns the functions of this package that the template's
// pre-check runs on a request's raw inputs (AnyRawInput, inlined into
// its caller, as Has and queryBytes are), as function values, in the
// order they run: the runtime asks the CPU to load their code ahead, all
// at once rather than one line after the other as the request reaches it
// (see the runtime's PrefetchPage).
func RawInputCode() []any { return []any{eachRaw, eachCookie} }
