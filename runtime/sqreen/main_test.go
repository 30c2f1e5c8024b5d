package sqreen_test

import (
	"os"
	"testing"
)

// TestMain lifts the time budget of the agent the examples start from the
// environment: on a loaded test machine 2 ms may run out and skip the very
// check an example shows. The budget has its own test.
func TestMain(m *testing.M) {
	os.Setenv("SQREEN_BUDGET", "0")
	os.Exit(m.Run())
}
