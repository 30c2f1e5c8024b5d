package store

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/jmoiron/sqlx"
)

// Roles of dashboard users and API tokens.
const (
	RoleAdmin  = "admin"
	RoleViewer = "viewer"
)

// User is a dashboard user.
type User struct {
	ID           int64  `db:"id" json:"id"`
	Name         string `db:"name" json:"name"`
	PasswordHash string `db:"password_hash" json:"-"`
	Role         string `db:"role" json:"role"`
	CreatedAt    int64  `db:"created_at" json:"created_at"`
	Disabled     bool   `db:"disabled" json:"disabled"`
}

const userColumns = "id, name, password_hash, role, created_at, disabled"

var userNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$`)

func validRole(role string) error {
	if role != RoleAdmin && role != RoleViewer {
		return fmt.Errorf("role %q: want admin or viewer: %w", role, ErrInvalid)
	}
	return nil
}

// CreateUser adds a dashboard user. iterations is the PBKDF2 work factor
// (0: DefaultPasswordIterations).
func (s *Store) CreateUser(ctx context.Context, name, password, role string, iterations int, actor string) (User, error) {
	if !userNameRE.MatchString(name) {
		return User{}, fmt.Errorf("user name %q: want 1-128 letters, digits or ._@+-: %w", name, ErrInvalid)
	}
	if len(password) < 8 {
		return User{}, fmt.Errorf("password of %q: want at least 8 characters: %w", name, ErrInvalid)
	}
	if err := validRole(role); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(password, iterations)
	if err != nil {
		return User{}, err
	}
	u := User{Name: name, PasswordHash: hash, Role: role, CreatedAt: s.nowMS()}
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, s.q("SELECT count(*) FROM users WHERE name = ?"), name); err != nil {
			return fmt.Errorf("store: create user: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("user %q: %w", name, ErrConflict)
		}
		if u.ID, err = s.insertID(ctx, tx, "INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
			u.Name, u.PasswordHash, u.Role, u.CreatedAt); err != nil {
			return fmt.Errorf("store: create user %q: %w", name, err)
		}
		return s.audit(ctx, tx, actor, "user.create", name, "role="+role)
	})
	return u, err
}

// CountUsers returns how many users exist (serve prints how to create the
// first one).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, "SELECT count(*) FROM users"); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// ListUsers returns every user by name.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	out := []User{}
	if err := s.db.SelectContext(ctx, &out, "SELECT "+userColumns+" FROM users ORDER BY name"); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return out, nil
}

// Authenticate checks a user's password. A wrong name and a wrong
// password give the same ErrNotFound.
func (s *Store) Authenticate(ctx context.Context, name, password string) (User, error) {
	var u User
	err := s.db.GetContext(ctx, &u, s.q("SELECT "+userColumns+" FROM users WHERE name = ?"), name)
	if err != nil || u.Disabled || !CheckPassword(u.PasswordHash, password) {
		s.audit(ctx, s.db, name, "user.login_failed", name, "")
		return User{}, fmt.Errorf("user or password: %w", ErrNotFound)
	}
	return u, nil
}

// CreateSession starts a dashboard session for a user and returns its
// token (stored hashed).
func (s *Store) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (string, error) {
	token := NewToken(SessionTokenPrefix)
	now := s.nowMS()
	if _, err := s.db.ExecContext(ctx, s.q("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)"),
		HashToken(token), userID, now, now+ttl.Milliseconds()); err != nil {
		return "", fmt.Errorf("store: create session: %w", err)
	}
	return token, nil
}

// SessionUser returns the user of a live session token.
func (s *Store) SessionUser(ctx context.Context, token string) (User, error) {
	var u User
	err := s.db.GetContext(ctx, &u, s.q(`SELECT u.id, u.name, u.password_hash, u.role, u.created_at, u.disabled
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled`),
		HashToken(token), s.nowMS())
	if err != nil {
		return User{}, notFound(err, "session")
	}
	return u, nil
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.db.ExecContext(ctx, s.q("DELETE FROM sessions WHERE token_hash = ?"), HashToken(token)); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// APIToken is a token for automation against /api/v1.
type APIToken struct {
	ID         int64  `db:"id" json:"id"`
	Name       string `db:"name" json:"name"`
	Role       string `db:"role" json:"role"`
	CreatedBy  string `db:"created_by" json:"created_by"`
	CreatedAt  int64  `db:"created_at" json:"created_at"`
	LastUsedAt int64  `db:"last_used_at" json:"last_used_at"`
	RevokedAt  int64  `db:"revoked_at" json:"revoked_at"`
}

const apiTokenColumns = "id, name, role, created_by, created_at, last_used_at, revoked_at"

// CreateAPIToken creates an API token and returns it (shown once).
func (s *Store) CreateAPIToken(ctx context.Context, name, role, actor string) (APIToken, string, error) {
	if name == "" || len(name) > 128 {
		return APIToken{}, "", fmt.Errorf("token name %q: want 1-128 characters: %w", name, ErrInvalid)
	}
	if err := validRole(role); err != nil {
		return APIToken{}, "", err
	}
	token := NewToken(APITokenPrefix)
	t := APIToken{Name: name, Role: role, CreatedBy: actor, CreatedAt: s.nowMS()}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if t.ID, err = s.insertID(ctx, tx, "INSERT INTO api_tokens (name, token_hash, role, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
			name, HashToken(token), role, actor, t.CreatedAt); err != nil {
			return fmt.Errorf("store: create API token: %w", err)
		}
		return s.audit(ctx, tx, actor, "token.create", name, "role="+role)
	})
	return t, token, err
}

// APITokenByToken returns the live API token matching a presented token
// and records its use.
func (s *Store) APITokenByToken(ctx context.Context, token string) (APIToken, error) {
	var t APIToken
	if err := s.db.GetContext(ctx, &t, s.q("SELECT "+apiTokenColumns+" FROM api_tokens WHERE token_hash = ? AND revoked_at = 0"), HashToken(token)); err != nil {
		return APIToken{}, notFound(err, "API token")
	}
	s.db.ExecContext(ctx, s.q("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"), s.nowMS(), t.ID)
	return t, nil
}

// ListAPITokens returns every API token (never the secrets).
func (s *Store) ListAPITokens(ctx context.Context) ([]APIToken, error) {
	out := []APIToken{}
	if err := s.db.SelectContext(ctx, &out, "SELECT "+apiTokenColumns+" FROM api_tokens ORDER BY id"); err != nil {
		return nil, fmt.Errorf("store: list API tokens: %w", err)
	}
	return out, nil
}

// RevokeAPIToken disables an API token.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, actor string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = 0"), s.nowMS(), id)
		if err != nil {
			return fmt.Errorf("store: revoke API token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("API token %d: %w", id, ErrNotFound)
		}
		return s.audit(ctx, tx, actor, "token.revoke", fmt.Sprint(id), "")
	})
}
