package storebackend

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/rulecheck"
)

// A dashboard rule is one file of an app's rule set: id "APP:FILE.yaml"
// (one URL path segment).
func ruleID(appID int64, file string) string { return fmtID(appID) + ":" + file }

func splitRuleID(id string) (int64, string, error) {
	app, file, ok := strings.Cut(id, ":")
	if !ok || file == "" {
		return 0, "", fmt.Errorf("rule %q: %w", id, backend.ErrNotFound)
	}
	n, err := parseID("rule", app)
	return n, file, err
}

func toRule(rs store.RuleSet, f store.RuleFile) backend.Rule {
	return backend.Rule{ID: ruleID(rs.AppID, f.Name), AppID: fmtID(rs.AppID), Name: strings.TrimSuffix(f.Name, ".yaml"),
		Source: f.Content, Enabled: true, Mode: ruleMode(f.Content), Version: int(rs.Version),
		UpdatedAt: fromMS(rs.CreatedAt), UpdatedBy: rs.CreatedBy}
}

var blockAction = regexp.MustCompile(`(?m)^\s*action:\s*block\s*$`)

// ruleMode is "block" when a rule of the file blocks.
func ruleMode(src string) backend.RuleMode {
	if blockAction.MatchString(src) {
		return backend.ModeBlock
	}
	return backend.ModeMonitor
}

// current returns an app's current rule set; an app on the embedded
// defaults has an empty one (version 0).
func (b *Backend) current(ctx context.Context, appID int64) (store.RuleSet, error) {
	rs, err := b.st.CurrentRuleSet(ctx, appID)
	if errors.Is(err, store.ErrNotFound) {
		return store.RuleSet{AppID: appID}, nil
	}
	return rs, err
}

// ListRules implements backend.Rules: the files of the app's current rule
// set (of every app when appID is empty).
func (b *Backend) ListRules(ctx context.Context, appID string) ([]backend.Rule, error) {
	var apps []int64
	if appID != "" {
		a, err := b.app(ctx, appID)
		if err != nil {
			return nil, err
		}
		apps = []int64{a.ID}
	} else {
		all, err := b.st.ListApps(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range all {
			apps = append(apps, a.ID)
		}
	}
	out := builtinRules()
	for _, id := range apps {
		rs, err := b.current(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, f := range rs.Files {
			out = append(out, toRule(rs, f))
		}
	}
	return out, nil
}

// GetRule implements backend.Rules.
func (b *Backend) GetRule(ctx context.Context, id string) (backend.Rule, error) {
	if strings.HasPrefix(id, builtinPrefix) {
		return getBuiltin(id)
	}
	app, file, err := splitRuleID(id)
	if err != nil {
		return backend.Rule{}, err
	}
	rs, err := b.current(ctx, app)
	if err != nil {
		return backend.Rule{}, err
	}
	for _, f := range rs.Files {
		if f.Name == file {
			return toRule(rs, f), nil
		}
	}
	return backend.Rule{}, fmt.Errorf("rule %q: %w", id, backend.ErrNotFound)
}

var notFileChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// fileName derives a rule file name from a rule's name.
func fileName(name string) string {
	base := strings.Trim(notFileChars.ReplaceAllString(strings.ToLower(name), "-"), "-.")
	if base == "" {
		base = "rules"
	}
	return base + ".yaml"
}

// SaveRule implements backend.Rules: a new version of the app's rule set
// with the file added or replaced.
func (b *Backend) SaveRule(ctx context.Context, r backend.Rule, by string) (backend.Rule, error) {
	if strings.HasPrefix(r.ID, builtinPrefix) {
		return backend.Rule{}, backend.Invalid("source", "built-in rules are part of the engine and read-only; write a rule file for the app instead")
	}
	if !r.Enabled {
		return backend.Rule{}, backend.Invalid("enabled", "a rule file cannot be disabled here; remove its rules or set disabled: true in the file")
	}
	if probs := rulecheck.Check(r.Source); len(probs) > 0 {
		p := probs[0]
		return backend.Rule{}, backend.Invalid("source", "line %d, column %d: %s", p.Line, p.Column, p.Message)
	}
	if r.Mode != "" && r.Mode != ruleMode(r.Source) {
		return backend.Rule{}, backend.Invalid("mode", "set by the rules' action: in the file (%s here)", ruleMode(r.Source))
	}
	var appID int64
	var file string
	var err error
	if r.ID != "" {
		if appID, file, err = splitRuleID(r.ID); err != nil {
			return backend.Rule{}, err
		}
	} else {
		if r.AppID == "" {
			return backend.Rule{}, backend.Invalid("app", "rules belong to one app; choose it")
		}
		a, err := b.app(ctx, r.AppID)
		if err != nil {
			return backend.Rule{}, err
		}
		appID, file = a.ID, fileName(r.Name)
	}
	rs, err := b.current(ctx, appID)
	if err != nil {
		return backend.Rule{}, err
	}
	if int(rs.Version) != r.Version && r.ID != "" {
		return backend.Rule{}, backend.Invalid("version", "the app's rules changed since you opened them (now version %d)", rs.Version)
	}
	files := append([]store.RuleFile(nil), rs.Files...)
	replaced := false
	for i := range files {
		if files[i].Name == file {
			if r.ID == "" {
				return backend.Rule{}, backend.Invalid("name", "the app has a rule file %s already", file)
			}
			files[i].Content, replaced = r.Source, true
		}
	}
	if !replaced {
		if r.ID != "" {
			return backend.Rule{}, fmt.Errorf("rule %q: %w", r.ID, backend.ErrNotFound)
		}
		files = append(files, store.RuleFile{Name: file, Content: r.Source})
	}
	saved, err := b.st.CreateRuleSet(ctx, appID, files, "dashboard: "+file, by, nil)
	if err != nil {
		return backend.Rule{}, convert(err)
	}
	return toRule(saved, store.RuleFile{Name: file, Content: r.Source}), nil
}

// RuleHistory implements backend.Rules: the versions of the set that had
// the file, newest first.
func (b *Backend) RuleHistory(ctx context.Context, id string) ([]backend.Rule, error) {
	if strings.HasPrefix(id, builtinPrefix) {
		r, err := getBuiltin(id)
		if err != nil {
			return nil, err
		}
		return []backend.Rule{r}, nil
	}
	app, file, err := splitRuleID(id)
	if err != nil {
		return nil, err
	}
	sets, err := b.st.ListRuleSets(ctx, app)
	if err != nil {
		return nil, err
	}
	var out []backend.Rule
	for _, rs := range sets {
		for _, f := range rs.Files {
			if f.Name == file {
				out = append(out, toRule(rs, f))
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("rule %q: %w", id, backend.ErrNotFound)
	}
	return out, nil
}
