//go:build amd64 || arm64

package prefetch

import "unsafe"

// fetch prefetches the lines of the n spans at spans.
//
//go:noescape
func fetch(spans unsafe.Pointer, n int)
