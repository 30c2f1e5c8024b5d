package backend

import "time"

// Role is what a dashboard user may do.
type Role string

// Roles.
const (
	RoleAdmin  Role = "admin"  // reads and changes everything
	RoleViewer Role = "viewer" // reads only
)

// CanEdit tells whether the role may change things.
func (r Role) CanEdit() bool { return r == RoleAdmin }

// User is a dashboard or API user.
type User struct {
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// AuditEntry records one change made by a person or a token.
type AuditEntry struct {
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`  // user name, or "token:<name>"
	Action string    `json:"action"` // e.g. "block.create"
	Target string    `json:"target"` // e.g. the block's value
	Detail string    `json:"detail"`
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	Actor  string `json:"actor"`
	Action string `json:"action"` // prefix
}

// Token is an API token for automation (its secret is shown once, at
// creation, and never stored in clear).
type Token struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Role       Role      `json:"role"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"` // zero: never
	Revoked    bool      `json:"revoked"`
}
