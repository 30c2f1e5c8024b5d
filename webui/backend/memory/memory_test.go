package memory

import (
	"context"
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sqreen-go/sqreen/webui/backend"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestCheckSource(t *testing.T) {
	tests := []struct {
		src  string
		want []backend.RuleProblem
	}{
		{"id: a\nwhen: x == \"y\"\n", nil},
		{"id: a\nwhen: f(x[1]) # (comment\n", nil},
		{"id: a\nwhen: (x\n", []backend.RuleProblem{{Line: 2, Column: 7, Message: `unclosed '('`}}},
		{"id: a\nwhen: x)\n", []backend.RuleProblem{{Line: 2, Column: 8, Message: `unexpected ')'`}}},
		{"id: a\nwhen: [x)\n", []backend.RuleProblem{{Line: 2, Column: 9, Message: `unexpected ')'`}}},
		{"id: a\nwhen: 'x\n", []backend.RuleProblem{{Line: 2, Column: 7, Message: "unterminated string"}}},
		{"when: x\n", []backend.RuleProblem{{Line: 1, Column: 1, Message: `missing key "id"`}}},
		{"  \n", []backend.RuleProblem{{Line: 1, Column: 1, Message: "empty rule"}}},
	}
	for _, tt := range tests {
		got := CheckSource(tt.src)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %+v, want %+v", tt.src, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: %+v, want %+v", tt.src, got[i], tt.want[i])
			}
		}
	}
}

func FuzzCheckSource(f *testing.F) {
	for _, s := range []string{"id: a\nwhen: (x\n", "id: 'a", "", "\n\n)", "id: [{(\"'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		lines := 1
		for _, c := range src {
			if c == '\n' {
				lines++
			}
		}
		for _, p := range CheckSource(src) {
			if p.Line < 1 || p.Line > lines || p.Column < 1 || p.Message == "" {
				t.Fatalf("%q: problem out of the source: %+v", src, p)
			}
			if utf8.ValidString(src) && p.Column > utf8.RuneCountInString(src)+1 {
				t.Fatalf("%q: column past the end: %+v", src, p)
			}
		}
	})
}

func TestOverviewBuckets(t *testing.T) {
	m := New(Options{Now: func() time.Time { return now }})
	for _, e := range []backend.Event{
		{Time: now.Add(-50 * time.Minute), Action: backend.ActionBlocked, Kind: "sqli", IP: "a"},
		{Time: now.Add(-45 * time.Minute), Action: backend.ActionMonitored, Kind: "sqli", IP: "a"},
		{Time: now.Add(-5 * time.Minute), Action: backend.ActionBlocked, Kind: "path", IP: "b"},
		{Time: now.Add(-2 * time.Hour), Action: backend.ActionBlocked, Kind: "path", IP: "c"}, // outside
	} {
		m.AddEvent(e)
	}
	o, err := m.Overview(context.Background(), backend.OverviewQuery{Since: now.Add(-time.Hour), Until: now, Buckets: 6, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	if o.Total != 3 || o.Blocked != 2 || o.Buckets[1].Blocked != 1 || o.Buckets[1].Monitored != 1 || o.Buckets[5].Blocked != 1 {
		t.Errorf("overview = %+v", o)
	}
	if len(o.TopIPs) != 1 || o.TopIPs[0] != (backend.Count{Key: "a", N: 2}) {
		t.Errorf("top IPs = %+v", o.TopIPs)
	}
	if _, err := m.Overview(context.Background(), backend.OverviewQuery{Since: now, Until: now, Buckets: 1}); err == nil {
		t.Error("empty window accepted")
	}
}

func TestBlocksExpireAndValidate(t *testing.T) {
	m := New(Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	for _, b := range []backend.Block{
		{Kind: backend.BlockIP, Value: "192.0.2.1", ExpiresAt: now.Add(time.Hour)},
		{Kind: backend.BlockCIDR, Value: "192.0.2.0/24"},
		{Kind: backend.BlockUser, Value: "bob", ExpiresAt: now.Add(-time.Second)},
	} {
		if _, err := m.CreateBlock(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, n, _ := m.ListBlocks(ctx, now, backend.Page{}); n != 2 {
		t.Errorf("%d blocks in force, want 2", n)
	}
	var in *backend.InputError
	for _, b := range []backend.Block{{Kind: backend.BlockIP, Value: "300.1.1.1"}, {Kind: backend.BlockCIDR, Value: "10.0.0.0/33"}, {Kind: "asn", Value: "1"}} {
		if _, err := m.CreateBlock(ctx, b); !errors.As(err, &in) {
			t.Errorf("%+v: err %v, want an InputError", b, err)
		}
	}
	if err := m.DeleteBlock(ctx, "nope", "test"); !errors.Is(err, backend.ErrNotFound) {
		t.Errorf("delete unknown: %v", err)
	}
}

func TestLoginAndTokens(t *testing.T) {
	m := New(Options{})
	ctx := context.Background()
	if err := m.CreateUser(ctx, backend.User{Name: "a", Role: backend.RoleAdmin}, "short", "test"); err == nil {
		t.Error("short password accepted")
	}
	if err := m.CreateUser(ctx, backend.User{Name: "a", Role: "root"}, "long enough", "test"); err == nil {
		t.Error("unknown role accepted")
	}
	if err := m.CreateUser(ctx, backend.User{Name: "a", Role: backend.RoleAdmin}, "long enough", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Login(ctx, "a", "long enougH"); !errors.Is(err, backend.ErrBadCredentials) {
		t.Errorf("wrong password: %v", err)
	}
	if u, err := m.Login(ctx, "a", "long enough"); err != nil || u.Role != backend.RoleAdmin {
		t.Errorf("login: %+v %v", u, err)
	}
	m.AddToken("tok", "a")
	if _, err := m.AuthenticateToken(ctx, "tok"); err != nil {
		t.Error(err)
	}
	m.DeleteUser(ctx, "a", "test")
	if _, err := m.AuthenticateToken(ctx, "tok"); !errors.Is(err, backend.ErrBadCredentials) {
		t.Errorf("token of a deleted user: %v", err)
	}
}

func TestAPITokens(t *testing.T) {
	m := New(Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	if _, _, err := m.CreateToken(ctx, "", backend.RoleViewer, "alice"); err == nil {
		t.Error("empty name accepted")
	}
	tok, secret, err := m.CreateToken(ctx, "ci", backend.RoleViewer, "alice")
	if err != nil {
		t.Fatal(err)
	}
	u, err := m.AuthenticateToken(ctx, secret)
	if err != nil || u.Name != "token:ci" || u.Role != backend.RoleViewer {
		t.Fatalf("authenticate: %+v %v", u, err)
	}
	ts, _ := m.ListTokens(ctx)
	if len(ts) != 1 || ts[0].LastUsedAt != now || ts[0].CreatedBy != "alice" {
		t.Errorf("tokens = %+v", ts)
	}
	if err := m.RevokeToken(ctx, tok.ID, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AuthenticateToken(ctx, secret); !errors.Is(err, backend.ErrBadCredentials) {
		t.Errorf("revoked token: %v", err)
	}
}
