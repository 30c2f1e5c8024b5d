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
	// ErrOverloaded: the store refused a heartbeat without storing it
	// because heartbeats already wait too long for a writer; the caller
	// should send the same batch again later.
	ErrOverloaded = errors.New("overloaded")
)

func isConflict(err error) bool { return errors.Is(err, ErrConflict) }
