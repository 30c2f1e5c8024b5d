//go:build !amd64 && !arm64

package prefetch

import "unsafe"

// fetch does nothing where no prefetch instruction is written for the
// architecture: the lines are then fetched as the code reaches them.
func fetch(spans unsafe.Pointer, n int) {}
