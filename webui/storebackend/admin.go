package storebackend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
)

// Login implements backend.Auth.
func (b *Backend) Login(ctx context.Context, name, password string) (backend.User, error) {
	u, err := b.st.Authenticate(ctx, name, password)
	if errors.Is(err, store.ErrNotFound) {
		return backend.User{}, fmt.Errorf("login %q: %w", name, backend.ErrBadCredentials)
	}
	if err != nil {
		return backend.User{}, err
	}
	return toUser(u), nil
}

// AuthenticateToken implements backend.Auth: the token acts as a user named
// "token:NAME" with the token's role.
func (b *Backend) AuthenticateToken(ctx context.Context, token string) (backend.User, error) {
	t, err := b.st.APITokenByToken(ctx, token)
	if errors.Is(err, store.ErrNotFound) {
		return backend.User{}, fmt.Errorf("API token: %w", backend.ErrBadCredentials)
	}
	if err != nil {
		return backend.User{}, err
	}
	return backend.User{Name: "token:" + t.Name, Role: backend.Role(t.Role), CreatedAt: fromMS(t.CreatedAt)}, nil
}

func toUser(u store.User) backend.User {
	return backend.User{Name: u.Name, Role: backend.Role(u.Role), CreatedAt: fromMS(u.CreatedAt)}
}

// ListUsers implements backend.Admin (disabled users are left out).
func (b *Backend) ListUsers(ctx context.Context) ([]backend.User, error) {
	us, err := b.st.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backend.User, 0, len(us))
	for _, u := range us {
		if !u.Disabled {
			out = append(out, toUser(u))
		}
	}
	return out, nil
}

// CreateUser implements backend.Admin.
func (b *Backend) CreateUser(ctx context.Context, u backend.User, password, by string) error {
	if len(password) < 8 {
		return backend.Invalid("password", "must have at least 8 characters")
	}
	_, err := b.st.CreateUser(ctx, u.Name, password, string(u.Role), 0, by)
	return convert(err)
}

// DeleteUser implements backend.Admin; the store cannot delete users yet.
func (b *Backend) DeleteUser(ctx context.Context, name, by string) error {
	return backend.Invalid("name", "removing users is not supported by this platform version")
}

// Audit implements backend.Admin.
func (b *Backend) Audit(ctx context.Context, e backend.AuditEntry) error {
	return b.st.Audit(ctx, e.Actor, e.Action, e.Target, e.Detail)
}

// ListAudit implements backend.Admin, scanning for the filter.
func (b *Backend) ListAudit(ctx context.Context, f backend.AuditFilter, p backend.Page) ([]backend.AuditEntry, int, error) {
	keep := func(e store.AuditEntry) bool {
		return (f.Actor == "" || e.Actor == f.Actor) && strings.HasPrefix(e.Action, f.Action)
	}
	rows, total, err := scan(ctx, b.opts.MaxScan, p, keep, func(pg store.Page) ([]store.AuditEntry, error) {
		return b.st.ListAudit(ctx, pg)
	}, func(e store.AuditEntry) int64 { return e.ID })
	if err != nil {
		return nil, 0, err
	}
	out := make([]backend.AuditEntry, len(rows))
	for i, e := range rows {
		out[i] = backend.AuditEntry{Time: fromMS(e.Time), Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail}
	}
	return out, total, nil
}

// ListTokens implements backend.Admin.
func (b *Backend) ListTokens(ctx context.Context) ([]backend.Token, error) {
	ts, err := b.st.ListAPITokens(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Token, len(ts))
	for i, t := range ts {
		out[i] = backend.Token{ID: fmtID(t.ID), Name: t.Name, Role: backend.Role(t.Role), CreatedBy: t.CreatedBy,
			CreatedAt: fromMS(t.CreatedAt), LastUsedAt: fromMS(t.LastUsedAt), Revoked: t.RevokedAt != 0}
	}
	return out, nil
}

// CreateToken implements backend.Admin.
func (b *Backend) CreateToken(ctx context.Context, name string, role backend.Role, by string) (backend.Token, string, error) {
	t, secret, err := b.st.CreateAPIToken(ctx, name, string(role), by)
	if err != nil {
		return backend.Token{}, "", convert(err)
	}
	return backend.Token{ID: fmtID(t.ID), Name: t.Name, Role: backend.Role(t.Role), CreatedBy: t.CreatedBy,
		CreatedAt: fromMS(t.CreatedAt)}, secret, nil
}

// RevokeToken implements backend.Admin.
func (b *Backend) RevokeToken(ctx context.Context, id, by string) error {
	n, err := parseID("token", id)
	if err != nil {
		return err
	}
	return convert(b.st.RevokeAPIToken(ctx, n, by))
}

// CreateSession implements backend.Sessions.
func (b *Backend) CreateSession(ctx context.Context, name string, ttl time.Duration) (string, error) {
	us, err := b.st.ListUsers(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range us {
		if u.Name == name && !u.Disabled {
			return b.st.CreateSession(ctx, u.ID, ttl)
		}
	}
	return "", fmt.Errorf("session for %q: %w", name, backend.ErrNotFound)
}

// SessionUser implements backend.Sessions.
func (b *Backend) SessionUser(ctx context.Context, token string) (backend.User, error) {
	u, err := b.st.SessionUser(ctx, token)
	if errors.Is(err, store.ErrNotFound) {
		return backend.User{}, fmt.Errorf("session: %w", backend.ErrBadCredentials)
	}
	if err != nil {
		return backend.User{}, err
	}
	return toUser(u), nil
}

// DeleteSession implements backend.Sessions.
func (b *Backend) DeleteSession(ctx context.Context, token string) error {
	return b.st.DeleteSession(ctx, token)
}
