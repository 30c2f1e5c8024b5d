package hooks

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLinkedDependencies: what every protected app links through the
// hooks must stay small. No gRPC library (the agent has its own unary
// client, internal/grpcclient) and, of protobuf, only the wire-format
// primitives (internal/wiremsg encodes the messages by hand): protobuf's
// runtime and descriptors alone were ~720 KB of binary and ~30 KB of heap
// that every GC cycle marks (docs/PERFORMANCE.md).
func TestLinkedDependencies(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: cannot list the dependencies")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	allowed := map[string]bool{
		"google.golang.org/protobuf/encoding/protowire": true,
		// protowire's own imports.
		"google.golang.org/protobuf/internal/detrand": true,
		"google.golang.org/protobuf/internal/errors":  true,
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "google.golang.org/grpc") ||
			strings.HasPrefix(pkg, "google.golang.org/protobuf") && !allowed[pkg] {
			t.Errorf("protected apps link %s", pkg)
		}
	}
}
