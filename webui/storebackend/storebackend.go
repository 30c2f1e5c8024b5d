package storebackend

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/osv"
	"github.com/sqreen-go/sqreen/webui/rulecheck"
)

// Options configure the adapter.
type Options struct {
	// PlaybookChecker compiles playbook conditions before they are saved
	// (the playbook package provides it); nil stores them unchecked.
	PlaybookChecker store.PlaybookChecker
	// MaxScan bounds the rows a scanned list or aggregate reads (default
	// 10,000).
	MaxScan int
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// Advisories are the known vulnerabilities dependencies are matched
	// against (nil: those imported into the store with `sqreen-platform
	// vulns import`; see SetAdvisories).
	Advisories *osv.Database
}

// Backend is a backend.Backend over a *store.Store.
type Backend struct {
	st         *store.Store
	opts       Options
	advisories atomic.Pointer[osv.Database]
	stored     storedAdvisories
}

var (
	_ backend.Backend  = (*Backend)(nil)
	_ backend.Sessions = (*Backend)(nil)
)

// New returns the adapter.
func New(st *store.Store, opts Options) *Backend {
	if opts.MaxScan <= 0 {
		opts.MaxScan = 10000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	b := &Backend{st: st, opts: opts}
	b.advisories.Store(opts.Advisories)
	return b
}

// SetAdvisories replaces the advisories, e.g. after an OSV export was
// imported; it is safe to call while serving. While set, they are used
// instead of the advisories stored in the database.
func (b *Backend) SetAdvisories(db *osv.Database) { b.advisories.Store(db) }

// DefaultHeaders returns the security headers set when an admin turns them
// on.
func DefaultHeaders() map[string]string {
	return map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	}
}

// parseID reads a decimal id; a malformed one is not found.
func parseID(kind, id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s %q: %w", kind, id, backend.ErrNotFound)
	}
	return n, nil
}

// optionalID reads an id filter: "" is 0 (every app).
func optionalID(kind, id string) (int64, error) {
	if id == "" {
		return 0, nil
	}
	return parseID(kind, id)
}

func fmtID(n int64) string { return strconv.FormatInt(n, 10) }

func fromMS(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func toMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// convert maps the store's sentinel errors to the contract's: invalid
// input and conflicts become an *InputError carrying the store's message,
// which names the field; not found stays not found.
func convert(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("%w (%v)", backend.ErrNotFound, err)
	case errors.Is(err, store.ErrInvalid), errors.Is(err, store.ErrConflict):
		msg := err.Error()
		for _, suffix := range []string{": " + store.ErrInvalid.Error(), ": " + store.ErrConflict.Error()} {
			msg = strings.TrimSuffix(msg, suffix)
		}
		return &backend.InputError{Reason: msg}
	}
	return err
}

// CheckRule implements backend.Rules with the engine's compiler.
func (b *Backend) CheckRule(ctx context.Context, source string) ([]backend.RuleProblem, error) {
	return rulecheck.Check(source), nil
}

// TestRule implements backend.Rules with the engine's compiler.
func (b *Backend) TestRule(ctx context.Context, source string, req backend.Request) (backend.RuleTestResult, error) {
	return rulecheck.Test(source, req), nil
}
