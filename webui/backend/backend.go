package backend

import (
	"context"
	"time"
)

// Backend is everything the dashboard and the JSON API read and change.
// It is the union of the smaller interfaces below, one per page family, so
// that an adapter can be written and tested one concern at a time.
//
// Every method that changes something records the change in the audit log
// itself, in the same transaction when it can, with the by argument (or
// Block.CreatedBy) as the actor: the HTTP layers call Audit only for what
// changes nothing in the backend (a sign-in).
type Backend interface {
	Auth
	Events
	Apps
	Rules
	Protection
	Notifications
	Admin
}

// Auth checks who is asking.
type Auth interface {
	// Login checks a user's password against its stored hash and returns the
	// user, or an error wrapping ErrBadCredentials.
	Login(ctx context.Context, name, password string) (User, error)
	// AuthenticateToken checks an API token (as created by
	// `sqreen-platform token create`) and returns the user it acts as, or an
	// error wrapping ErrBadCredentials.
	AuthenticateToken(ctx context.Context, token string) (User, error)
}

// Events reads attacks.
type Events interface {
	// ListEvents returns the events matching f, newest first, and how many
	// match in all.
	ListEvents(ctx context.Context, f EventFilter, p Page) ([]Event, int, error)
	// GetEvent returns one event or an error wrapping ErrNotFound.
	GetEvent(ctx context.Context, id string) (Event, error)
	// Overview aggregates the events of a time window.
	Overview(ctx context.Context, q OverviewQuery) (Overview, error)
	// Sinks groups events by the app location that reached a sink, most
	// attacked first.
	Sinks(ctx context.Context, appID string, p Page) ([]SinkReport, int, error)
}

// Apps reads apps and their instances.
type Apps interface {
	ListApps(ctx context.Context) ([]App, error)
	// GetApp returns one app or an error wrapping ErrNotFound.
	GetApp(ctx context.Context, id string) (App, error)
	// ListInstances returns the instances of an app, most recently seen first.
	ListInstances(ctx context.Context, appID string) ([]Instance, error)
	// Inventory returns the instrumented sites an app's agents reported.
	Inventory(ctx context.Context, appID string) ([]Site, error)
	// DependencyVulns returns the known vulnerabilities of the app's
	// dependencies (empty until an OSV export was imported).
	DependencyVulns(ctx context.Context, appID string) ([]DependencyVuln, error)
}

// Rules reads and versions rules.
type Rules interface {
	// ListRules returns the rules of an app (built-in and custom).
	ListRules(ctx context.Context, appID string) ([]Rule, error)
	// GetRule returns the current version of a rule or an error wrapping
	// ErrNotFound.
	GetRule(ctx context.Context, id string) (Rule, error)
	// SaveRule stores r as a new version. r.Version must be the version the
	// editor started from (0 for a new rule): a mismatch is an *InputError
	// on "version", so that two editors never overwrite each other. The saved
	// rule, with its new version, is returned.
	SaveRule(ctx context.Context, r Rule, by string) (Rule, error)
	// RuleHistory returns every version of a rule, newest first.
	RuleHistory(ctx context.Context, id string) ([]Rule, error)
	// CheckRule compiles a rule's source and returns its problems (none when
	// it is valid). It never stores anything.
	CheckRule(ctx context.Context, source string) ([]RuleProblem, error)
	// TestRule compiles source and runs it against req.
	TestRule(ctx context.Context, source string, req Request) (RuleTestResult, error)
}

// Protection reads and changes blocks, playbooks and per-app settings.
type Protection interface {
	// ListBlocks returns the blocks in force at now (expired ones left out).
	ListBlocks(ctx context.Context, now time.Time, p Page) ([]Block, int, error)
	// CreateBlock validates and stores b; it returns b with its ID set.
	CreateBlock(ctx context.Context, b Block) (Block, error)
	// DeleteBlock lifts a block, or returns an error wrapping ErrNotFound.
	DeleteBlock(ctx context.Context, id, by string) error

	ListPlaybooks(ctx context.Context) ([]Playbook, error)
	GetPlaybook(ctx context.Context, id string) (Playbook, error)
	// SavePlaybook validates (compiles the condition) and stores p as a new
	// version, with the same version rule as SaveRule.
	SavePlaybook(ctx context.Context, p Playbook, by string) (Playbook, error)
	// CheckPlaybook compiles a playbook condition for a subject and returns
	// its problems (none when it is valid). It never stores anything.
	CheckPlaybook(ctx context.Context, subject, condition string) ([]RuleProblem, error)
	// Firings returns the firings of a playbook (all when id is empty),
	// newest first.
	Firings(ctx context.Context, playbookID string, p Page) ([]Firing, int, error)

	GetSettings(ctx context.Context, appID string) (Settings, error)
	// SaveSettings validates and stores s (same version rule as SaveRule).
	SaveSettings(ctx context.Context, s Settings, by string) (Settings, error)
}

// Admin manages users and reads the audit log.
type Admin interface {
	ListUsers(ctx context.Context) ([]User, error)
	// CreateUser stores a user with the hash of password.
	CreateUser(ctx context.Context, u User, password, by string) error
	// DeleteUser removes a user or returns an error wrapping ErrNotFound.
	DeleteUser(ctx context.Context, name, by string) error
	// ListTokens returns the API tokens, revoked ones included.
	ListTokens(ctx context.Context) ([]Token, error)
	// CreateToken creates an API token acting as "token:NAME" with role,
	// and returns it with its secret, which is never available again.
	CreateToken(ctx context.Context, name string, role Role, by string) (Token, string, error)
	// RevokeToken disables a token or returns an error wrapping ErrNotFound.
	RevokeToken(ctx context.Context, id, by string) error
	// Audit records an action that changes nothing in the backend.
	Audit(ctx context.Context, e AuditEntry) error
	// ListAudit returns audit entries, newest first.
	ListAudit(ctx context.Context, f AuditFilter, p Page) ([]AuditEntry, int, error)
}
