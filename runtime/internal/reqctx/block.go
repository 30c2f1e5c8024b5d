package reqctx

import (
	"errors"
	"fmt"
)

// ErrBlocked is what every blocking error matches with errors.Is. Package
// sqreen exports it as sqreen.ErrBlocked.
var ErrBlocked = errors.New("sqreen: blocked")

// BlockError says why a request or a protected call was stopped. It matches
// ErrBlocked with errors.Is.
type BlockError struct {
	// RuleID is the rule that blocked, or the list that did
	// ("ip-blocklist", "user-blocklist").
	RuleID string
	// HookPoint is where: "request", "sql", "shell", "file", ...
	HookPoint string
	// Replaced is true when the block response replaced the handler's.
	Replaced bool
}

func (e *BlockError) Error() string {
	return fmt.Sprintf("sqreen: blocked by %s at %s", e.RuleID, e.HookPoint)
}

// Is makes errors.Is(err, ErrBlocked) true.
func (e *BlockError) Is(target error) bool { return target == ErrBlocked }
