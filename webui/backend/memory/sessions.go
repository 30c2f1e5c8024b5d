package memory

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

type memSession struct {
	user    string
	expires time.Time
}

// CreateSession implements backend.Sessions.
func (m *Backend) CreateSession(ctx context.Context, name string, ttl time.Duration) (string, error) {
	raw := make([]byte, 32)
	rand.Read(raw)
	token := "sqs_" + hex.EncodeToString(raw)
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[name]; !ok {
		return "", fmt.Errorf("session for %q: %w", name, backend.ErrNotFound)
	}
	if m.sessions == nil {
		m.sessions = map[[32]byte]memSession{}
	}
	m.sessions[sha256.Sum256([]byte(token))] = memSession{user: name, expires: m.opts.Now().Add(ttl)}
	return token, nil
}

// SessionUser implements backend.Sessions.
func (m *Backend) SessionUser(ctx context.Context, token string) (backend.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[sha256.Sum256([]byte(token))]
	if !ok || !m.opts.Now().Before(s.expires) {
		return backend.User{}, fmt.Errorf("session: %w", backend.ErrBadCredentials)
	}
	u, ok := m.users[s.user]
	if !ok {
		return backend.User{}, fmt.Errorf("session of a removed user: %w", backend.ErrBadCredentials)
	}
	return u.User, nil
}

// DeleteSession implements backend.Sessions.
func (m *Backend) DeleteSession(ctx context.Context, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, sha256.Sum256([]byte(token)))
	return nil
}
