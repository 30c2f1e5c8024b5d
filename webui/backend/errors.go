package backend

import (
	"errors"
	"fmt"
)

// ErrNotFound is returned (wrapped) when the requested object does not exist.
var ErrNotFound = errors.New("not found")

// ErrBadCredentials is returned by Login and AuthenticateToken when the user,
// password or token is not valid. It never says which part was wrong.
var ErrBadCredentials = errors.New("bad credentials")

// InputError reports a rejected argument: which field, and why.
type InputError struct {
	Field  string // name of the field as the user sees it, e.g. "duration"; "" when Reason names it
	Reason string // what is wrong, e.g. "must be positive"
}

func (e *InputError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return fmt.Sprintf("%s: %s", e.Field, e.Reason)
}

// Invalid returns an *InputError for field.
func Invalid(field, format string, args ...any) error {
	return &InputError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
