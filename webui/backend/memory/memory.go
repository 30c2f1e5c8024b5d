package memory

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"sync"
	"time"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// Checker compiles a rule source and returns its problems.
type Checker func(source string) []backend.RuleProblem

// Tester runs a rule source against a request.
type Tester func(source string, req backend.Request) backend.RuleTestResult

// Options configure a Backend.
type Options struct {
	Checker Checker          // default: a structural stand-in (see CheckSource)
	Tester  Tester           // default: matches rules whose "match:" text occurs in the request
	Now     func() time.Time // default: time.Now
}

// Backend is an in-memory backend.Backend. The zero value is not usable;
// call New.
type Backend struct {
	opts Options

	mu         sync.Mutex
	seq        int
	users      map[string]user
	tokens     map[string]string // token -> user name (AddToken)
	apiTokens  []apiToken
	apps       []backend.App
	instances  []backend.Instance
	sites      map[string][]backend.Site
	depVulns   map[string][]backend.DependencyVuln
	events     []backend.Event           // newest last
	rules      map[string][]backend.Rule // id -> versions, oldest first
	ruleOrder  []string
	blocks     []backend.Block
	playbooks  map[string][]backend.Playbook
	pbOrder    []string
	firings    []backend.Firing
	settings   map[string][]backend.Settings
	audit      []backend.AuditEntry
	webhooks   []backend.Webhook
	deliveries []backend.Delivery
	sessions   map[[32]byte]memSession
}

type apiToken struct {
	backend.Token
	hash [32]byte
}

type user struct {
	backend.User
	salt, hash []byte
}

var (
	_ backend.Backend  = (*Backend)(nil)
	_ backend.Sessions = (*Backend)(nil)
)

// New returns an empty Backend.
func New(opts Options) *Backend {
	if opts.Checker == nil {
		opts.Checker = CheckSource
	}
	if opts.Tester == nil {
		opts.Tester = testSource(opts.Checker)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Backend{
		opts:      opts,
		users:     map[string]user{},
		tokens:    map[string]string{},
		sites:     map[string][]backend.Site{},
		depVulns:  map[string][]backend.DependencyVuln{},
		rules:     map[string][]backend.Rule{},
		playbooks: map[string][]backend.Playbook{},
		settings:  map[string][]backend.Settings{},
	}
}

func (m *Backend) nextID(prefix string) string {
	m.seq++
	return fmt.Sprintf("%s%d", prefix, m.seq)
}

func hashPassword(salt []byte, password string) []byte {
	h, err := pbkdf2.Key(sha256.New, password, salt, 10000, 32)
	if err != nil { // only for out-of-range parameters, which are constants here
		panic(err)
	}
	return h
}

// Login implements backend.Auth.
func (m *Backend) Login(ctx context.Context, name, password string) (backend.User, error) {
	m.mu.Lock()
	u, ok := m.users[name]
	m.mu.Unlock()
	if !ok {
		hashPassword([]byte("0123456789abcdef"), password) // same work either way
		return backend.User{}, fmt.Errorf("login %q: %w", name, backend.ErrBadCredentials)
	}
	if subtle.ConstantTimeCompare(hashPassword(u.salt, password), u.hash) != 1 {
		return backend.User{}, fmt.Errorf("login %q: %w", name, backend.ErrBadCredentials)
	}
	return u.User, nil
}

// AddToken lets token act as the user name (for tests of the JSON API).
func (m *Backend) AddToken(token, name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[token] = name
}

// AuthenticateToken implements backend.Auth.
func (m *Backend) AuthenticateToken(ctx context.Context, token string) (backend.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := sha256.Sum256([]byte(token))
	for i := range m.apiTokens {
		t := &m.apiTokens[i]
		if subtle.ConstantTimeCompare(h[:], t.hash[:]) == 1 && !t.Revoked {
			t.LastUsedAt = m.opts.Now()
			return backend.User{Name: "token:" + t.Name, Role: t.Role, CreatedAt: t.CreatedAt}, nil
		}
	}
	name, ok := m.tokens[token]
	if !ok {
		return backend.User{}, fmt.Errorf("token: %w", backend.ErrBadCredentials)
	}
	u, ok := m.users[name]
	if !ok {
		return backend.User{}, fmt.Errorf("token of deleted user %q: %w", name, backend.ErrBadCredentials)
	}
	return u.User, nil
}

// ListUsers implements backend.Admin.
func (m *Backend) ListUsers(ctx context.Context) ([]backend.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]backend.User, 0, len(m.users))
	for _, u := range m.users {
		out = append(out, u.User)
	}
	sortBy(out, func(a, b backend.User) bool { return a.Name < b.Name })
	return out, nil
}

// record appends an audit entry. m.mu must be held.
func (m *Backend) record(actor, action, target, detail string) {
	if actor == "" {
		actor = "system"
	}
	m.audit = append(m.audit, backend.AuditEntry{Time: m.opts.Now(), Actor: actor, Action: action,
		Target: target, Detail: detail})
}

// CreateUser implements backend.Admin.
func (m *Backend) CreateUser(ctx context.Context, u backend.User, password, by string) error {
	if u.Name == "" {
		return backend.Invalid("name", "is empty")
	}
	if u.Role != backend.RoleAdmin && u.Role != backend.RoleViewer {
		return backend.Invalid("role", "must be admin or viewer, not %q", u.Role)
	}
	if len(password) < 8 {
		return backend.Invalid("password", "must have at least 8 characters")
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[u.Name]; ok {
		return backend.Invalid("name", "user %q exists", u.Name)
	}
	u.CreatedAt = m.opts.Now()
	m.users[u.Name] = user{User: u, salt: salt, hash: hashPassword(salt, password)}
	m.record(by, "user.create", u.Name, "role "+string(u.Role))
	return nil
}

// DeleteUser implements backend.Admin.
func (m *Backend) DeleteUser(ctx context.Context, name, by string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.users[name]; !ok {
		return fmt.Errorf("user %q: %w", name, backend.ErrNotFound)
	}
	delete(m.users, name)
	m.record(by, "user.delete", name, "")
	return nil
}

// Audit implements backend.Admin.
func (m *Backend) Audit(ctx context.Context, e backend.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e.Time.IsZero() {
		e.Time = m.opts.Now()
	}
	m.audit = append(m.audit, e)
	return nil
}

// ListAudit implements backend.Admin.
func (m *Backend) ListAudit(ctx context.Context, f backend.AuditFilter, p backend.Page) ([]backend.AuditEntry, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []backend.AuditEntry
	for i := len(m.audit) - 1; i >= 0; i-- {
		e := m.audit[i]
		if (f.Actor == "" || e.Actor == f.Actor) && hasPrefix(e.Action, f.Action) {
			out = append(out, e)
		}
	}
	return page(out, p), len(out), nil
}

// Now returns the backend's current time (Options.Now).
func (m *Backend) Now() time.Time { return m.opts.Now() }
