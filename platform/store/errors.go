package store

import "errors"

// Sentinel errors; test with errors.Is. Messages wrapping them name the
// object and the field.
var (
	// ErrNotFound: the object does not exist (or is not visible to the caller).
	ErrNotFound = errors.New("not found")
	// ErrConflict: the object exists already (a unique name, a version).
	ErrConflict = errors.New("already exists")
	// ErrInvalid: an input failed validation.
	ErrInvalid = errors.New("invalid input")
)

func isConflict(err error) bool { return errors.Is(err, ErrConflict) }
