package reqctx

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

type recordingBlocker struct{ calls int }

func (b *recordingBlocker) Block(*BlockError) bool { b.calls++; return true }

func TestRequestBlockOnce(t *testing.T) {
	bl := &recordingBlocker{}
	req, r2, release := New(httptest.NewRequest(http.MethodGet, "/?a=1&a=2", nil), bl, Options{})
	defer release()
	first := req.Block(&BlockError{RuleID: "one", HookPoint: "sql"})
	second := req.Block(&BlockError{RuleID: "two", HookPoint: "file"})
	if first != second || second.RuleID != "one" || bl.calls != 1 || !first.Replaced {
		t.Errorf("Block twice: %v then %v, blocker called %d times; want the first error once", first, second, bl.calls)
	}
	if cause := context.Cause(r2.Context()); !errors.Is(cause, ErrBlocked) {
		t.Errorf("context cause %v, want the block error", cause)
	}
	if req.MarkBlocked(&BlockError{RuleID: "three"}) {
		t.Error("MarkBlocked won over an earlier block")
	}
	if got := req.Query()["a"]; strings.Join(got, ",") != "1,2" {
		t.Errorf("Query = %v", got)
	}
}

func TestRequestUserResetsView(t *testing.T) {
	req, _, release := New(httptest.NewRequest(http.MethodGet, "/", nil), nil, Options{})
	defer release()
	builds := 0
	build := func(_ *Request, user string) any { builds++; return user + "!" }
	if v := req.View(build); v != "!" {
		t.Fatalf("View = %v", v)
	}
	req.View(build)
	req.SetUser("ada")
	if v := req.View(build); v != "ada!" || builds != 2 {
		t.Errorf("after SetUser: View = %v after %d builds, want ada! after 2", v, builds)
	}
}

// The view is read without a lock by the checks of several goroutines
// while the user is set (go test -race): once SetUser returns, every View
// sees the new user; ResetView makes the next View build again. (A build
// that began before SetUser may still be kept, as it was with the lock:
// here the view exists before the readers start.)
func TestViewConcurrent(t *testing.T) {
	req, _, release := New(httptest.NewRequest(http.MethodGet, "/", nil), nil, Options{})
	defer release()
	var builds atomic.Int32
	build := func(_ *Request, user string) any { builds.Add(1); return user + "!" }
	req.View(build)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if v, _ := req.View(build).(string); !strings.HasSuffix(v, "!") {
					t.Errorf("View = %q", v)
					return
				}
			}
		}()
	}
	req.SetUser("ada")
	if v := req.View(build); v != "ada!" {
		t.Errorf("View after SetUser = %v, want ada!", v)
	}
	wg.Wait()
	if v := req.View(build); v != "ada!" {
		t.Errorf("View after the readers = %v, want ada!", v)
	}
	n := builds.Load()
	req.ResetView()
	if req.View(build); builds.Load() != n+1 {
		t.Errorf("ResetView then View: %d builds, want %d", builds.Load(), n+1)
	}
}

func TestTakeUserHost(t *testing.T) {
	req, _, release := New(httptest.NewRequest(http.MethodGet, "/", nil), nil, Options{})
	defer release()
	req.MarkUserHost()
	req.MarkUserHost()
	got := []bool{req.TakeUserHost(), req.TakeUserHost(), req.TakeUserHost()}
	if !got[0] || !got[1] || got[2] {
		t.Errorf("TakeUserHost after two marks = %v, want [true true false]", got)
	}
}

func TestCurrentPrefersContext(t *testing.T) {
	req, r2, release := New(httptest.NewRequest(http.MethodGet, "/", nil), nil, Options{})
	defer release()
	if Current(r2.Context()) != req {
		t.Error("Current(ctx) did not find the request in the context")
	}
	if Current(context.Background()) != nil || Current(nil) != nil { // a nil ctx is allowed: hooks without one pass nil
		t.Error("Current found a request without one (plain build)")
	}
}

type parentKey struct{}

// The request's context carries the Request, the parent's values and its
// cancellation; contexts derived from it (handlers, drivers) carry them
// too and are cancelled when the request is blocked.
func TestRequestContext(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), parentKey{}, "v"))
	defer cancelParent()
	req, r2, release := New(httptest.NewRequest(http.MethodGet, "/", nil).WithContext(parent), nil, Options{})
	defer release()
	child, cancelChild := context.WithCancel(r2.Context())
	defer cancelChild()
	if FromContext(child) != req || child.Value(parentKey{}) != "v" {
		t.Fatalf("derived context: request %p, parent value %v", FromContext(child), child.Value(parentKey{}))
	}
	req.Block(&BlockError{RuleID: "r"})
	select {
	case <-child.Done():
	default:
		t.Fatal("a context derived from the request's was not cancelled by the block")
	}
	if !errors.Is(context.Cause(child), ErrBlocked) {
		t.Errorf("cause %v, want the block error", context.Cause(child))
	}
	req2, r3, release2 := New(httptest.NewRequest(http.MethodGet, "/", nil).WithContext(parent), nil, Options{})
	defer release2()
	cancelParent()
	if r3.Context().Err() == nil || req2.Blocked() != nil {
		t.Error("cancelling the parent did not cancel the request's context")
	}
}
