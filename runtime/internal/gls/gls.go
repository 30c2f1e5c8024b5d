package gls

// Get returns the value stored for the calling goroutine, or nil.
func Get() any { return get() }

// Set stores v for the calling goroutine; Set(nil) clears it.
func Set(v any) { set(v) }
