package storebackend

import (
	"context"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
)

func toBlock(x store.Block) backend.Block {
	return backend.Block{ID: fmtID(x.ID), AppID: fmtID(x.AppID), Kind: backend.BlockKind(x.Kind), Value: x.Value,
		Reason: x.Reason, Source: x.Source, CreatedBy: x.CreatedBy, CreatedAt: fromMS(x.CreatedAt), ExpiresAt: fromMS(x.ExpiresAt)}
}

// ListBlocks implements backend.Protection (active blocks; the store
// decides "active" with its own clock).
func (b *Backend) ListBlocks(ctx context.Context, now time.Time, p backend.Page) ([]backend.Block, int, error) {
	rows, total, err := scan(ctx, b.opts.MaxScan, p, nil, func(pg store.Page) ([]store.Block, error) {
		return b.st.ListBlocks(ctx, store.BlockFilter{ActiveOnly: true}, pg)
	}, func(x store.Block) int64 { return x.ID })
	if err != nil {
		return nil, 0, err
	}
	out := make([]backend.Block, len(rows))
	for i, x := range rows {
		out[i] = toBlock(x)
	}
	return out, total, nil
}

// CreateBlock implements backend.Protection. A block for every app (empty
// AppID) is stored once per app; the first is returned.
func (b *Backend) CreateBlock(ctx context.Context, x backend.Block) (backend.Block, error) {
	var apps []int64
	if x.AppID != "" {
		a, err := b.app(ctx, x.AppID)
		if err != nil {
			return backend.Block{}, err
		}
		apps = []int64{a.ID}
	} else {
		all, err := b.st.ListApps(ctx)
		if err != nil {
			return backend.Block{}, err
		}
		for _, a := range all {
			apps = append(apps, a.ID)
		}
		if len(apps) == 0 {
			return backend.Block{}, backend.Invalid("app", "there is no app to block for")
		}
	}
	var ttl time.Duration
	if !x.ExpiresAt.IsZero() {
		if ttl = x.ExpiresAt.Sub(b.opts.Now()); ttl <= 0 {
			return backend.Block{}, backend.Invalid("duration", "the block would already be over")
		}
	}
	source := x.Source
	if source == "" {
		source = "manual"
	}
	var first backend.Block
	for i, id := range apps {
		saved, err := b.st.CreateBlock(ctx, store.NewBlock{AppID: id, Kind: string(x.Kind), Value: x.Value,
			Reason: x.Reason, Source: source, TTL: ttl}, x.CreatedBy)
		if err != nil {
			return backend.Block{}, convert(err)
		}
		if i == 0 {
			first = toBlock(saved)
		}
	}
	return first, nil
}

// DeleteBlock implements backend.Protection.
func (b *Backend) DeleteBlock(ctx context.Context, id, by string) error {
	n, err := parseID("block", id)
	if err != nil {
		return err
	}
	return convert(b.st.RevokeBlock(ctx, n, by))
}

func toPlaybook(p store.Playbook) backend.Playbook {
	return backend.Playbook{ID: fmtID(p.ID), Name: p.Name, Subject: p.Subject, Condition: p.Condition, Action: p.Action,
		Duration: time.Duration(p.DurationMS) * time.Millisecond, Enabled: p.Enabled, Builtin: p.Builtin,
		Version: 1, UpdatedAt: fromMS(p.UpdatedAt)}
}

// ListPlaybooks implements backend.Protection.
func (b *Backend) ListPlaybooks(ctx context.Context) ([]backend.Playbook, error) {
	pbs, err := b.st.ListPlaybooks(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Playbook, len(pbs))
	for i, p := range pbs {
		out[i] = toPlaybook(p)
	}
	return out, nil
}

// GetPlaybook implements backend.Protection.
func (b *Backend) GetPlaybook(ctx context.Context, id string) (backend.Playbook, error) {
	n, err := parseID("playbook", id)
	if err != nil {
		return backend.Playbook{}, err
	}
	p, err := b.st.GetPlaybook(ctx, n)
	if err != nil {
		return backend.Playbook{}, convert(err)
	}
	return toPlaybook(p), nil
}

// SavePlaybook implements backend.Protection (no version check: see the
// package doc).
func (b *Backend) SavePlaybook(ctx context.Context, p backend.Playbook, by string) (backend.Playbook, error) {
	sp := store.Playbook{Name: p.Name, Subject: p.Subject, Condition: p.Condition, Action: p.Action,
		DurationMS: p.Duration.Milliseconds(), Enabled: p.Enabled}
	if p.ID != "" {
		n, err := parseID("playbook", p.ID)
		if err != nil {
			return backend.Playbook{}, err
		}
		cur, err := b.st.GetPlaybook(ctx, n)
		if err != nil {
			return backend.Playbook{}, convert(err)
		}
		sp.ID, sp.Description, sp.Builtin = cur.ID, cur.Description, cur.Builtin
	}
	saved, err := b.st.SavePlaybook(ctx, sp, b.opts.PlaybookChecker, by)
	if err != nil {
		return backend.Playbook{}, convert(err)
	}
	return toPlaybook(saved), nil
}

// Firings implements backend.Protection.
func (b *Backend) Firings(ctx context.Context, playbookID string, p backend.Page) ([]backend.Firing, int, error) {
	want, err := optionalID("playbook", playbookID)
	if err != nil {
		return nil, 0, nil
	}
	keep := func(f store.Firing) bool { return want == 0 || f.PlaybookID == want }
	rows, total, err := scan(ctx, b.opts.MaxScan, p, keep, func(pg store.Page) ([]store.Firing, error) {
		return b.st.ListFirings(ctx, 0, pg)
	}, func(f store.Firing) int64 { return f.ID })
	if err != nil {
		return nil, 0, err
	}
	out := make([]backend.Firing, len(rows))
	for i, f := range rows {
		resp := f.Action
		if f.BlockID != 0 {
			resp += " (block " + fmtID(f.BlockID) + ")"
		}
		out[i] = backend.Firing{ID: fmtID(f.ID), PlaybookID: fmtID(f.PlaybookID), AppID: fmtID(f.AppID),
			Time: fromMS(f.FiredAt), Key: f.Subject, Evidence: f.EvidenceJSON, Response: resp}
	}
	return out, total, nil
}

// CheckPlaybook implements backend.Protection with Options.PlaybookChecker
// (without one, every condition is accepted).
func (b *Backend) CheckPlaybook(ctx context.Context, subject, condition string) ([]backend.RuleProblem, error) {
	if b.opts.PlaybookChecker == nil {
		return nil, nil
	}
	if err := b.opts.PlaybookChecker(subject, condition); err != nil {
		return []backend.RuleProblem{{Message: err.Error()}}, nil
	}
	return nil, nil
}
