package backend

import (
	"context"
	"time"
)

// Sessions is implemented by backends that keep dashboard sessions
// server-side (the platform's store does). The dashboard then uses them
// instead of signed cookies: every replica sees every session, signing out
// ends the session everywhere, and a user's role is read at each request.
type Sessions interface {
	// CreateSession starts a session for a user and returns its secret
	// token (stored hashed).
	CreateSession(ctx context.Context, user string, ttl time.Duration) (string, error)
	// SessionUser returns the user of a live session, or an error wrapping
	// ErrBadCredentials when the token is unknown or expired.
	SessionUser(ctx context.Context, token string) (User, error)
	// DeleteSession ends a session.
	DeleteSession(ctx context.Context, token string) error
}
