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
	Name      string
	Role      Role
	CreatedAt time.Time
}

// AuditEntry records one change made by a person or a token.
type AuditEntry struct {
	Time   time.Time
	Actor  string // user name, or "token:<name>"
	Action string // e.g. "block.create"
	Target string // e.g. the block's value
	Detail string
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	Actor  string
	Action string // prefix
}
