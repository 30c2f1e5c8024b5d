package reqctx

import (
	"context"
	"errors"
	"io"
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
	if Current(context.WithValue(r2.Context(), parentKey{}, 1)) != req {
		t.Error("Current(ctx) did not find the request in a context derived from its own")
	}
	if Current(context.Background()) != nil || Current(nil) != nil { // a nil ctx is allowed: hooks without one pass nil
		t.Error("Current found a request without one (plain build)")
	}
	release()
	if Current(r2.Context()) != nil || Current(context.WithValue(r2.Context(), parentKey{}, 1)) != nil {
		t.Error("Current found a finished request")
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

// The request context's Done is the channel of the context it wraps,
// whoever asks first and however many ask at once (a driver's goroutine
// and the handler's), closed by the block; a request under a context
// that is never cancelled has none.
func TestRequestContextDone(t *testing.T) {
	r, cancel, _ := serverRequest(t)
	req, r2, release := New(r, nil, Options{Cancel: cancel})
	defer release()
	ctx := r2.Context()
	want := r.Context().Done()
	var wg sync.WaitGroup
	got := make([]<-chan struct{}, 8)
	for i := range got {
		wg.Go(func() { got[i] = ctx.Done() })
	}
	wg.Wait()
	for i, d := range append(got, ctx.Done()) {
		if d != want || d == nil {
			t.Fatalf("call %d: Done %v, want the server context's %v", i, d, want)
		}
	}
	req.Block(&BlockError{RuleID: "r"})
	select {
	case <-ctx.Done():
	default:
		t.Fatal("Done not closed by the block")
	}

	_, r3, release3 := New(httptest.NewRequest(http.MethodGet, "/", nil), nil, Options{Cancel: func() {}})
	defer release3()
	if d := r3.Context().Done(); d != nil {
		t.Errorf("under context.Background: Done %v, want nil", d)
	}
}

// serverRequest is a request as net/http serves it over HTTP/1: its
// context is the server's, cancellable, and cancel (what net/http's entry
// hook hands over) counts its calls.
func serverRequest(t testing.TB) (r *http.Request, cancel func(), calls *int) {
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	calls = new(int)
	cancel = func() { *calls++; stop() }
	return httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx), cancel, calls
}

// With the server's cancel (Options.Cancel), the request is served with
// the server's context, which Block cancels: its cause is then
// context.Canceled, and Blocked says why.
func TestRequestServerCancel(t *testing.T) {
	for _, mark := range []bool{false, true} {
		r, cancel, calls := serverRequest(t)
		bl := &recordingBlocker{}
		req, r2, release := New(r, bl, Options{Cancel: cancel})
		ctx := r2.Context()
		if FromContext(ctx) != req || Current(ctx) != req {
			t.Fatal("the request's context does not carry the Request")
		}
		if ctx.Err() != nil || *calls != 0 {
			t.Fatalf("before the block: context error %v, cancel called %d times", ctx.Err(), *calls)
		}
		berr := &BlockError{RuleID: "r", HookPoint: "sql"}
		if mark {
			req.MarkBlocked(berr)
		} else {
			req.Block(berr)
		}
		if ctx.Err() != context.Canceled || *calls != 1 {
			t.Errorf("mark=%v: after the block: context error %v, cancel called %d times; want context.Canceled, once", mark, ctx.Err(), *calls)
		}
		if req.Blocked() != berr || context.Cause(ctx) != context.Canceled {
			t.Errorf("mark=%v: Blocked = %v, cause %v; want the block error and context.Canceled", mark, req.Blocked(), context.Cause(ctx))
		}
		if !mark && bl.calls != 1 {
			t.Errorf("blocker called %d times, want once", bl.calls)
		}
		release()
		if Current(ctx) != nil {
			t.Errorf("mark=%v: the request is still current after Release", mark)
		}
	}
}

// Release cancels the request's context Init derived, and leaves the
// server's alone; with the server's cancel, it leaves the cancellation to
// the server, which cancels the context once the handler has returned.
func TestRequestReleaseCancels(t *testing.T) {
	r, _, _ := serverRequest(t)
	_, r2, release := New(r, nil, Options{})
	release()
	if r2.Context().Err() == nil || r.Context().Err() != nil {
		t.Errorf("after Release: request context error %v, server's %v; want the request's only", r2.Context().Err(), r.Context().Err())
	}
	r, cancel, calls := serverRequest(t)
	_, r2, release = New(r, nil, Options{Cancel: cancel})
	req := FromContext(r2.Context())
	release()
	if r2.Context().Err() != nil || *calls != 0 {
		t.Errorf("after Release with the server's cancel: context error %v, cancel called %d times; want it left to the server", r2.Context().Err(), *calls)
	}
	if Current(r2.Context()) != nil {
		t.Error("the request is still current after Release with the server's cancel")
	}
	cancel() // the server's, once the handler has returned
	if r2.Context().Err() != context.Canceled || req.Blocked() != nil {
		t.Errorf("after the server's cancel: context error %v, blocked %v; want context.Canceled, not blocked", r2.Context().Err(), req.Blocked())
	}
}

// initAllocs is the allocations of Init (and of its Request) for a
// request served with a context of its own, cancellable, derived from the
// connection's, as net/http serves HTTP/1 (the server's own
// context.WithCancel, 2 allocations, is counted too).
func initAllocs(withCancel bool) float64 {
	conn, stopConn := context.WithCancel(context.Background())
	defer stopConn()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	return testing.AllocsPerRun(100, func() { initServed(conn, r, Options{}, withCancel) })
}

// initServed inits and releases a Request for r served with a context of
// its own derived from conn, as net/http serves HTTP/1, handing Init that
// context's cancel when withCancel is set.
func initServed(conn context.Context, r *http.Request, opts Options, withCancel bool) {
	ctx, cancel := context.WithCancel(conn)
	if withCancel {
		opts.Cancel = cancel
	}
	req := new(Request)
	req.Init(r.WithContext(ctx), nil, opts)
	req.Release()
	cancel()
}

// The server's cancel spares context.WithCancelCause's allocations: the
// context, its cancel func and the server's context's map of children
// (two objects); Init allocates one closure instead.
func TestInitAllocsWithServerCancel(t *testing.T) {
	derived, server := initAllocs(false), initAllocs(true)
	t.Logf("allocations per request: %v deriving the context, %v with the server's cancel", derived, server)
	if server > derived-3 {
		t.Errorf("Init allocates %v objects with the server's cancel, %v without; want at least 3 fewer", server, derived)
	}
}

// fieldless is a body type with no fields, as http.NoBody's.
type fieldless struct{}

func (fieldless) Read([]byte) (int, error) { return 0, io.EOF }
func (fieldless) Close() error             { return nil }

func TestHasBody(t *testing.T) {
	for _, c := range []struct {
		name string
		b    io.ReadCloser
		want bool
	}{
		{"nil", nil, false},
		{"http.NoBody", http.NoBody, false},
		{"NoBody wrapped", io.NopCloser(http.NoBody), true},
		{"a reader", io.NopCloser(strings.NewReader("x")), true},
		{"another type with no fields", fieldless{}, true},
		{"a request's own", httptest.NewRequest(http.MethodPost, "/", strings.NewReader("a=1")).Body, true},
	} {
		if got := hasBody(c.b); got != c.want {
			t.Errorf("hasBody(%s) = %v, want %v", c.name, got, c.want)
		}
	}
	// What net/http's server sets on a GET, through an interface
	// conversion made at run time.
	var rc any = http.NoBody
	if hasBody(rc.(io.ReadCloser)) {
		t.Error("hasBody(NoBody converted at run time) = true")
	}
}
