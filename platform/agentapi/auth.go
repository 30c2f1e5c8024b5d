package agentapi

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/sqreen-go/sqreen/platform/store"
)

// authCacheTTL bounds how long a revoked or rotated token keeps working on
// a replica.
const authCacheTTL = 10 * time.Second

type authEntry struct {
	app     store.App
	expires time.Time
}

// authCache maps token hashes to apps for a short while, so heartbeats do
// not read the apps table each time.
type authCache struct {
	mu      sync.Mutex
	entries map[string]authEntry
}

// authenticate returns the app whose token the call carries.
func (s *Service) authenticate(ctx context.Context) (store.App, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	var token string
	for _, v := range md.Get("authorization") {
		if t, ok := strings.CutPrefix(v, "Bearer "); ok {
			token = strings.TrimSpace(t)
		}
	}
	if token == "" {
		return store.App{}, status.Error(codes.Unauthenticated, "missing authorization: Bearer <app token> metadata")
	}
	key := store.HashToken(token)
	now := time.Now()
	s.auth.mu.Lock()
	e, ok := s.auth.entries[key]
	s.auth.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.app, nil
	}
	app, err := s.store.AppByToken(ctx, token)
	if errors.Is(err, store.ErrNotFound) {
		return store.App{}, status.Error(codes.Unauthenticated, "unknown app token")
	}
	if err != nil {
		return store.App{}, s.internal(err)
	}
	s.auth.mu.Lock()
	if len(s.auth.entries) > 10_000 {
		clear(s.auth.entries)
	}
	s.auth.entries[key] = authEntry{app: app, expires: now.Add(authCacheTTL)}
	s.auth.mu.Unlock()
	return app, nil
}
