package memory

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// ListTokens implements backend.Admin.
func (m *Backend) ListTokens(ctx context.Context) ([]backend.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]backend.Token, len(m.apiTokens))
	for i, t := range m.apiTokens {
		out[i] = t.Token
	}
	return out, nil
}

// CreateToken implements backend.Admin.
func (m *Backend) CreateToken(ctx context.Context, name string, role backend.Role, by string) (backend.Token, string, error) {
	if name == "" || len(name) > 128 {
		return backend.Token{}, "", backend.Invalid("name", "want 1 to 128 characters")
	}
	if role != backend.RoleAdmin && role != backend.RoleViewer {
		return backend.Token{}, "", backend.Invalid("role", "must be admin or viewer, not %q", role)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	secret := "sqa_" + hex.EncodeToString(raw)
	m.mu.Lock()
	defer m.mu.Unlock()
	t := backend.Token{ID: m.nextID("tok"), Name: name, Role: role, CreatedBy: by, CreatedAt: m.opts.Now()}
	m.apiTokens = append(m.apiTokens, apiToken{Token: t, hash: sha256.Sum256([]byte(secret))})
	m.record(by, "token.create", name, "role "+string(role))
	return t, secret, nil
}

// RevokeToken implements backend.Admin.
func (m *Backend) RevokeToken(ctx context.Context, id, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.apiTokens {
		if t := &m.apiTokens[i]; t.ID == id {
			t.Revoked = true
			m.record(by, "token.revoke", t.Name, "")
			return nil
		}
	}
	return fmt.Errorf("token %q: %w", id, backend.ErrNotFound)
}
