package gls

// Plain build: no goroutine-local storage. sqreen-build replaces this file.

func get() any { return nil }

func set(v any) {}
