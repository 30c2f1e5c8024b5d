package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/sqreen-go/sqreen/webui"
	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/backend/memory"
	"github.com/sqreen-go/sqreen/webui/rulecheck"
)

const (
	chromiumPath = "/usr/bin/chromium"
	password     = "browser test password"
	// testTimeout bounds each browser test, browser start included.
	testTimeout = 90 * time.Second
	// stepTimeout bounds each step (a few browser actions).
	stepTimeout = 20 * time.Second
)

// env is one dashboard and one browser tab signed out.
type env struct {
	t       *testing.T
	ctx     context.Context
	base    string
	m       *memory.Backend // when started with start
	dialogs *dialogLog
}

// dialogLog records JavaScript dialogs (alert, confirm): a payload that runs
// would open one.
type dialogLog struct {
	mu   sync.Mutex
	msgs []string
}

func (d *dialogLog) add(s string) { d.mu.Lock(); d.msgs = append(d.msgs, s); d.mu.Unlock() }
func (d *dialogLog) all() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.msgs...)
}

// start serves the demo data from the in-memory backend.
func start(t *testing.T) *env {
	t.Helper()
	skipWithoutChromium(t)
	// The editor checks and tests rules with the engine's compiler, as the
	// platform does.
	m := memory.New(memory.Options{Checker: rulecheck.Check, Tester: rulecheck.Test})
	now := time.Now()
	if _, err := memory.SeedDemo(context.Background(), m, now); err != nil {
		t.Fatal(err)
	}
	e := startWith(t, m)
	e.m = m
	return e
}

func skipWithoutChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser tests need %s (apt-get install -y chromium): %v", chromiumPath, err)
	}
}

// startWith serves b, with an admin alice, and opens a browser.
func startWith(t *testing.T, b backend.Backend) *env {
	t.Helper()
	if err := b.CreateUser(context.Background(), backend.User{Name: "alice", Role: backend.RoleAdmin}, password, "test"); err != nil {
		t.Fatal(err)
	}
	ui, err := webui.New(b, webui.Options{LivePoll: 200 * time.Millisecond, LiveMaxDuration: 20 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(ui)
	t.Cleanup(ts.Close)
	return openBrowser(t, ts.URL)
}

// openBrowser opens a browser tab on the dashboard served at url
// (http://127.0.0.1:PORT).
func openBrowser(t *testing.T, url string) *env {
	t.Helper()
	// "localhost" is a secure context for the browser, so it keeps our Secure
	// cookies over plain HTTP.
	base := strings.Replace(url, "127.0.0.1", "localhost", 1)

	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	e := &env{t: t, ctx: bctx, base: base, dialogs: &dialogLog{}}
	dialogs := chromedp.Events(bctx, page.JavascriptDialogOpening) // also starts the browser
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			e.dialogs.add(ev.Message)
			chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return e
}

func (e *env) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		e.failed(what)
		e.t.Fatalf("%s: %v", what, err)
	}
}

// failed saves what the page shows as failed-TEST.png and logs its text.
func (e *env) failed(what string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
	defer cancel()
	name := "failed-" + strings.NewReplacer("/", "-", " ", "-").Replace(e.t.Name())
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		if dir, err := screenshotDir(); err == nil {
			os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
		}
	}
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		e.t.Logf("%s: the page showed:\n%s", what, shorten(text))
	}
}

// value runs one action that returns a value.
func value[T any](e *env, what string, a chromedp.Action[T]) T {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		e.failed(what)
		e.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// screenshotDir returns $SQREEN_SCREENSHOTS or the git-ignored
// webui/browsertest/screenshots, created.
func screenshotDir() (string, error) {
	dir := os.Getenv("SQREEN_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	return dir, os.MkdirAll(dir, 0o755)
}

// screenshot saves the full page as name.png.
func (e *env) screenshot(name string) {
	e.t.Helper()
	dir, err := screenshotDir()
	if err != nil {
		e.t.Fatal(err)
	}
	png := value(e, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) login() {
	e.t.Helper()
	e.run("sign in",
		chromedp.Navigate(e.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#login`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=user]`), "alice"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Submit(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`svg.chart`)),
	)
}

// noScriptRan fails the test if a payload ran on the current page.
func (e *env) noScriptRan(where string) {
	e.t.Helper()
	flag := value(e, "read flag", chromedp.Evaluate[string](`String(window.__xss)`))
	if flag != "undefined" {
		e.t.Errorf("%s: a payload ran (window.__xss = %s)", where, flag)
	}
	if d := e.dialogs.all(); len(d) > 0 {
		e.t.Errorf("%s: a payload opened dialogs %q", where, d)
	}
}

func (e *env) eventID(evidence string) string {
	e.t.Helper()
	evs, _, err := e.m.ListEvents(context.Background(), backend.EventFilter{}, backend.Page{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Evidence == evidence {
			return ev.ID
		}
	}
	e.t.Fatalf("no event with evidence %q", evidence)
	return ""
}

func (e *env) text(sel string) string {
	e.t.Helper()
	return value(e, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func wantContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s: %q does not contain %q", what, shorten(got), want)
	}
}

func shorten(s string) string {
	if len(s) > 300 {
		return s[:300] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// waitText waits until the element sel contains text (the editor's checks
// answer asynchronously, and an older answer may be on screen first).
func waitText(e *env, sel, text string) {
	e.t.Helper()
	expr := fmt.Sprintf(`(document.querySelector(%q) || {textContent: ""}).textContent.includes(%q)`, sel, text)
	value(e, "wait for "+text+" in "+sel, chromedp.Poll[bool](expr))
}
