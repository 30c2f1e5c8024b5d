package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sqreen-go/sqreen/platform/playbook"
	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/runtime/sqreen"
	"github.com/sqreen-go/sqreen/webui"
	"github.com/sqreen-go/sqreen/webui/backend"
	"github.com/sqreen-go/sqreen/webui/storebackend"
)

// agentWait bounds every wait for a heartbeat: the test sets the app's
// interval to 1 s (the shortest the agent accepts), so a command or an
// event takes one to two intervals.
const agentWait = 8 * time.Second

// The whole loop with a real agent: the platform (store on SQLite, gRPC
// agent service, dashboard) and a protected app (sqreen.Middleware) run in
// this process on 127.0.0.1. In the browser, a user sets the app's heartbeat
// interval, sees the instance connect, writes a rule, checks and saves it;
// the agent blocks with it after its next heartbeat; the attack shows in the
// dashboard; the user blocks the attacker's IP, the agent enforces it, the
// user lifts it, and the agent lets the IP through again.
func TestRealAgentEnforcesDashboard(t *testing.T) {
	skipWithoutChromium(t)
	began := time.Now()
	p := startPlatform(t)
	e := openBrowser(t, p.httpURL)
	e.login()

	// The operator tunes the app before deploying it: a 1 s heartbeat (the
	// agent receives it at login).
	e.run("set the heartbeat interval",
		chromedp.Navigate(e.base+"/apps/"+p.appID+"/settings"),
		chromedp.WaitVisible(chromedp.CSS(`#settings`)),
		chromedp.SetValue(chromedp.CSS(`input[name=heartbeat_interval]`), "1s"),
		chromedp.Submit(chromedp.CSS(`#settings`)),
		chromedp.WaitVisible(chromedp.CSS(`#settings`)))
	if got := value(e, "heartbeat interval", chromedp.Value(chromedp.CSS(`input[name=heartbeat_interval]`))); got != "1s" {
		t.Fatalf("heartbeat interval after saving: %q", got)
	}

	app := startProtectedApp(t, p)
	const attacker = "203.0.113.7" // the client of a proxy on loopback (trusted by default)
	attack := func() *http.Response { return app.get(t, "/search?q=a+forbidden-word+here", attacker) }
	benign := func(ip string) *http.Response { return app.get(t, "/search?q=shoes", ip) }
	wantStatus(t, "the attack before any rule", attack(), http.StatusOK)

	// The instance shows up, healthy, with the agent's and Go's versions.
	e.reloadUntil("the instance connects", "/apps", `table.list tbody td[data-label=Healthy]`, "1")
	e.run("open the app",
		chromedp.Click(`//table//a[text()="shop"]`),
		chromedp.WaitVisible(chromedp.CSS(`#instances`)))
	wantContains(t, "instance", e.text(`#instances tbody tr td[data-label=Status]`), "healthy")
	if v := e.text(`#instances td[data-label=Agent]`); !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(v) {
		t.Errorf("agent version %q", v)
	}
	if v := e.text(`#instances td[data-label=Go]`); v != runtime.Version() {
		t.Errorf("Go version %q, want %q", v, runtime.Version())
	}
	instance := e.text(`#instances td[data-label=Instance] code`)
	e.screenshot("agent-instance")

	const rule = `rules:
  - id: forbidden-word
    hook: request
    condition: 'any(request.query.q ?? [], # contains "forbidden-word")'
    action: block
`
	e.run("write a rule",
		chromedp.Navigate(e.base+"/rules/new?app="+p.appID),
		chromedp.WaitVisible(chromedp.CSS(`#source`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "forbidden word"),
		chromedp.SetValue(chromedp.CSS(`select[name=mode]`), "block"),
		chromedp.SetValue(chromedp.CSS(`#source`), rule),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("source").dispatchEvent(new Event("input"))`),
		chromedp.WaitVisible(chromedp.CSS(`#problems[data-state=ok]`)))
	e.run("test it",
		chromedp.SetValue(chromedp.CSS(`#fixture`), `{"method":"GET","path":"/search","query":"q=forbidden-word","params":[{"key":"q","value":"forbidden-word"}]}`),
		chromedp.Click(chromedp.CSS(`#test-rule`)),
		chromedp.WaitVisible(chromedp.CSS(`#test-result[data-state=match]`)))
	wantContains(t, "test result", e.text(`#test-result`), "Matched: forbidden-word (block)")
	e.screenshot("agent-rule")
	saved := time.Now()
	e.run("save it",
		chromedp.Click(chromedp.CSS(`#save-rule`)),
		chromedp.WaitVisible(`//h2[text()="History"]`))
	e.run("watch the overview",
		chromedp.Navigate(e.base+"/?app="+p.appID),
		chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
	waitText(e, "#live-state", "connected")

	// The agent receives it at its next heartbeat.
	resp := app.until(t, "the rule blocks the attack", attack, http.StatusForbidden)
	t.Logf("rule enforced %v after the click on Save", time.Since(saved).Round(10*time.Millisecond))
	if body := readBody(t, resp); !strings.Contains(body, "Request blocked") {
		t.Errorf("block page: %q", shorten(body))
	}
	wantStatus(t, "a benign request from the same IP", benign(attacker), http.StatusOK)

	// The attack reaches the dashboard with the next heartbeat: the live
	// feed shows it, and so do the overview and the attack list.
	waitText(e, "#live tbody tr.new", attacker)
	wantContains(t, "live feed", e.text(`#live tbody tr.new`), "forbidden-word")
	e.screenshot("agent-overview-live")
	e.reloadUntil("the attack is listed", "/events?app="+p.appID, `table.list tbody`, attacker)
	wantContains(t, "attack list", e.text(`table.list tbody tr.ev td[data-label=Action]`), "blocked")
	wantContains(t, "attack list", e.text(`table.list tbody tr.ev td[data-label=Rule]`), "forbidden-word")
	e.screenshot("agent-attacks")
	e.run("overview", chromedp.Navigate(e.base+"/?app="+p.appID), chromedp.WaitVisible(chromedp.CSS(`svg.chart`)))
	top := value(e, "top source IPs", chromedp.Text(`//section[h2[text()="Top source IPs"]]`))
	wantContains(t, "overview's top source IPs", top, attacker)
	if got := e.text(`section.stats .blocked b`); got != "1" {
		t.Errorf("overview: %q blocked attacks, want 1", got)
	}
	e.run("open the attack",
		chromedp.Navigate(e.base+"/events?app="+p.appID),
		chromedp.Click(chromedp.CSS(`table.list tbody tr.ev td a`)),
		chromedp.WaitVisible(chromedp.CSS(`#evidence`)))
	facts := e.text(`dl.facts`)
	wantContains(t, "attack detail", facts, "forbidden-word")
	wantContains(t, "attack detail", facts, "blocked")
	if ip := e.text(`#event-ip`); ip != attacker {
		t.Errorf("attack from %q, want %q", ip, attacker)
	}
	wantContains(t, "attack detail", facts, "shop / "+instance)
	// The condition runs on expr's VM: its evidence is the field it read.
	wantContains(t, "attack detail", e.text(`#evidence`), "a forbidden-word here")
	wantContains(t, "attack detail", e.text(`#evidence-source`), "query.q")
	e.screenshot("agent-attack-detail")
	attackURL := value(e, "attack URL", chromedp.Evaluate[string](`location.href`))
	e.run("test the rule against the recorded request",
		chromedp.Click(`//a[text()="Write a rule tested against this request"]`),
		chromedp.WaitVisible(chromedp.CSS(`#source`)),
		// app.js has run (its first check answered): the Test button works.
		chromedp.WaitVisible(chromedp.CSS(`#problems[data-state]`)),
		chromedp.SetValue(chromedp.CSS(`#source`), rule),
		chromedp.Click(chromedp.CSS(`#test-rule`)),
		chromedp.WaitVisible(chromedp.CSS(`#test-result[data-state=match]`)))
	e.run("back to the attack", chromedp.Navigate(attackURL), chromedp.WaitVisible(chromedp.CSS(`#block-ip`)))

	blocked := time.Now()
	e.run("block this IP",
		chromedp.SetValue(chromedp.CSS(`#block-ip select[name=duration]`), "1h"),
		chromedp.Click(chromedp.CSS(`#block-ip button`)),
		chromedp.WaitVisible(chromedp.CSS(`#blocks`)))
	wantContains(t, "blocklist", e.text(`#blocks`), attacker)
	e.screenshot("agent-blocklist")
	app.until(t, "the IP is blocked", func() *http.Response { return benign(attacker) }, http.StatusForbidden)
	t.Logf("IP block enforced %v after the click on Block", time.Since(blocked).Round(10*time.Millisecond))
	wantStatus(t, "another client", benign("198.51.100.2"), http.StatusOK)
	// The refused request is reported as a blocklist hit, not as an attack
	// some rule matched.
	e.reloadUntil("the blocklist hit is listed", "/events?app="+p.appID+"&kind=blocklist", `table.list tbody`, attacker)
	wantContains(t, "blocklist hit", e.text(`table.list tbody tr.ev td[data-label=Rule]`), "ip-blocklist")
	e.run("open the blocklist hit",
		chromedp.Click(chromedp.CSS(`table.list tbody tr.ev td a`)),
		chromedp.WaitVisible(chromedp.CSS(`#evidence`)))
	wantContains(t, "blocklist hit", e.text(`#evidence`), "The client is on the blocklist")
	e.screenshot("agent-blocklist-hit")
	e.run("back to the blocklist", chromedp.Navigate(e.base+"/blocks"), chromedp.WaitVisible(chromedp.CSS(`#blocks`)))

	lifted := time.Now()
	e.run("lift the block",
		chromedp.Evaluate[chromedp.Void](`window.__before = true`),
		chromedp.Click(fmt.Sprintf(`//table[@id="blocks"]//tr[td/code[text()=%q]]//button`, attacker)))
	e.afterNavigation("the blocklist is empty", `#blocks`, "Nothing is blocked")
	app.until(t, "the IP is let through", func() *http.Response { return benign(attacker) }, http.StatusOK)
	t.Logf("block lifted %v after the click on Lift", time.Since(lifted).Round(10*time.Millisecond))
	wantStatus(t, "the attack after the block is lifted", attack(), http.StatusForbidden)

	// A user the app identified (sqreen.Identify), blocked from the
	// blocklist page.
	const mallory = "mallory@example.com"
	account := func(user string) func() *http.Response {
		return func() *http.Response { return app.getAs(t, "/account", "198.51.100.9", user) }
	}
	wantStatus(t, "mallory before the block", account(mallory)(), http.StatusOK)
	blocked = time.Now()
	e.run("block a user",
		chromedp.SetValue(chromedp.CSS(`#new-block select[name=kind]`), "user"),
		chromedp.SendKeys(chromedp.CSS(`#new-block input[name=value]`), mallory),
		chromedp.SetValue(chromedp.CSS(`#new-block select[name=app]`), p.appID),
		chromedp.SetValue(chromedp.CSS(`#new-block select[name=duration]`), "1h"),
		chromedp.SendKeys(chromedp.CSS(`#new-block input[name=reason]`), "account takeover"),
		chromedp.Evaluate[chromedp.Void](`window.__before = true`),
		chromedp.Submit(chromedp.CSS(`#new-block`)))
	e.afterNavigation("the user is blocklisted", `#blocks`, mallory)
	wantContains(t, "blocklist", e.text(`#blocks tbody tr`), "user")
	wantContains(t, "blocklist", e.text(`#blocks tbody tr`), "shop")
	e.screenshot("agent-user-blocked")
	app.until(t, "the user is blocked", account(mallory), http.StatusForbidden)
	t.Logf("user block enforced %v after the click on Block", time.Since(blocked).Round(10*time.Millisecond))
	wantStatus(t, "another user from the same IP", account("alice@example.com")(), http.StatusOK)
	lifted = time.Now()
	e.run("lift the user's block",
		chromedp.Evaluate[chromedp.Void](`window.__before = true`),
		chromedp.Click(fmt.Sprintf(`//table[@id="blocks"]//tr[td/code[text()=%q]]//button`, mallory)))
	e.afterNavigation("the blocklist is empty again", `#blocks`, "Nothing is blocked")
	app.until(t, "the user is let through", account(mallory), http.StatusOK)
	t.Logf("user block lifted %v after the click on Lift", time.Since(lifted).Round(10*time.Millisecond))

	// The instance's own row of cost of protection counts every request
	// sent so far (the platform keeps each instance's metrics).
	sent := strconv.Itoa(app.sent)
	requests := fmt.Sprintf(`#instances tr[data-instance=%q] td[data-label=Requests]`, instance)
	e.reloadUntil("the metrics arrive", "/apps/"+p.appID, requests, sent)
	if got := e.text(requests); got != sent {
		t.Errorf("instance %s: %q requests, want %s", instance, got, sent)
	}
	if n := value(e, "all-instances cost", chromedp.Evaluate[int](`document.querySelectorAll("#app-cost").length`)); n != 0 {
		t.Errorf("the app page shows a cost of all instances (%d); want the instance's own", n)
	}
	e.screenshot("agent-app")
	e.noScriptRan("app")
	t.Logf("whole story in %v", time.Since(began).Round(10*time.Millisecond))
}

// platform is the platform serving in this process.
type platform struct {
	grpcAddr string
	httpURL  string
	appID    string
	token    string
}

// startPlatform serves the platform as `sqreen-platform serve` does: the
// store on SQLite in a temporary folder, the gRPC agent service, and the
// dashboard over the store, with an app "shop" and an admin alice.
func startPlatform(t *testing.T) platform {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := store.Open(ctx, "sqlite://"+filepath.Join(t.TempDir(), "platform.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	app, token, err := st.CreateApp(ctx, "shop", "test")
	if err != nil {
		t.Fatal(err)
	}
	b := storebackend.New(st, storebackend.Options{PlaybookChecker: playbook.Check})
	if err := b.CreateUser(ctx, backend.User{Name: "alice", Role: backend.RoleAdmin}, password, "test"); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ui, err := webui.New(b, webui.Options{Logger: log, LivePoll: 200 * time.Millisecond, LiveMaxDuration: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan [2]string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(ctx, st, server.Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Logger: log,
			Handler: func(server.Deps) http.Handler { return ui },
			Ready:   func(g, h string) { ready <- [2]string{g, h} }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("platform: %v", err)
		}
		st.Close()
	})
	select {
	case a := <-ready:
		return platform{grpcAddr: a[0], httpURL: "http://" + a[1], appID: strconv.FormatInt(app.ID, 10), token: token}
	case err := <-done:
		t.Fatalf("platform: %v", err)
	}
	panic("unreachable")
}

// protectedApp is an app protected by the real agent (sqreen.Middleware),
// logged in to the platform.
type protectedApp struct {
	url    string
	client *http.Client
	sent   int // requests sent
}

// startProtectedApp starts the agent from the environment, as a deployed
// app does, and serves a handler protected by it on 127.0.0.1.
func startProtectedApp(t *testing.T, p platform) *protectedApp {
	t.Helper()
	// Only what this test sets: no SQREEN_* variable of the environment the
	// test runs in (t.Setenv restores them).
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "SQREEN_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	t.Setenv("SQREEN_TOKEN", p.token)
	t.Setenv("SQREEN_PLATFORM_ADDR", p.grpcAddr)
	t.Setenv("SQREEN_APP_NAME", "shop")
	t.Setenv("SQREEN_LOG_LEVEL", "error")
	if err := sqreen.Start(); err != nil {
		t.Fatalf("agent configuration: %v", err)
	}
	t.Cleanup(func() {
		// The agent has no Stop: starting it disabled stops the platform
		// client (a last heartbeat and a logout) and turns it off.
		os.Setenv("SQREEN_DISABLE", "true")
		sqreen.Start()
		os.Unsetenv("SQREEN_DISABLE")
	})
	a := &protectedApp{client: &http.Client{Timeout: 5 * time.Second}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "results for %q\n", r.URL.Query().Get("q"))
	})
	mux.HandleFunc("GET /account", func(w http.ResponseWriter, r *http.Request) {
		user := r.Header.Get("X-User")
		if err := sqreen.Identify(r.Context(), user); err != nil {
			return // blocked: the agent answers with its block page
		}
		fmt.Fprintf(w, "account of %s\n", user)
	})
	ts := httptest.NewServer(sqreen.Middleware(mux))
	t.Cleanup(ts.Close)
	t.Cleanup(a.client.CloseIdleConnections)
	a.url = ts.URL
	return a
}

// get sends a request as if forwarded by a proxy on the same host for the
// client ip.
func (a *protectedApp) get(t *testing.T, path, ip string) *http.Response {
	t.Helper()
	return a.getAs(t, path, ip, "")
}

// getAs is get for a signed-in user (named in X-User, as an authenticating
// gateway in front of the app would).
func (a *protectedApp) getAs(t *testing.T, path, ip, user string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", a.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Forwarded-For", ip)
	if user != "" {
		req.Header.Set("X-User", user)
	}
	a.sent++
	resp, err := a.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp
}

// until repeats send until it answers want, for agentWait at most, and
// returns that response.
func (a *protectedApp) until(t *testing.T, what string, send func() *http.Response, want int) *http.Response {
	t.Helper()
	deadline := time.Now().Add(agentWait)
	for {
		resp := send()
		if resp.StatusCode == want {
			return resp
		}
		readBody(t, resp)
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %s after %v, want %d", what, resp.Status, agentWait, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantStatus(t *testing.T, what string, resp *http.Response, want int) {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != want {
		t.Errorf("%s: %s (%q), want %d", what, resp.Status, shorten(body), want)
	}
}

// reloadUntil opens path until the element sel contains text, for agentWait
// at most: the pages are rendered on the server, so what a heartbeat
// brought shows on the next load.
func (e *env) reloadUntil(what, path, sel, text string) {
	e.t.Helper()
	deadline := time.Now().Add(agentWait)
	expr := fmt.Sprintf(`(document.querySelector(%q) || {textContent: ""}).textContent.includes(%q)`, sel, text)
	for {
		e.run(what, chromedp.Navigate(e.base+path))
		if value(e, what, chromedp.Evaluate[bool](expr)) {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s: no %q in %s of %s after %v", what, text, sel, path, agentWait)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// afterNavigation waits, for stepTimeout at most, until the page the
// browser went to (a form posted, then redirected) is loaded and its
// element sel contains text. The page the browser left set
// window.__before.
func (e *env) afterNavigation(what, sel, text string) {
	e.t.Helper()
	expr := fmt.Sprintf(`window.__before === undefined && document.readyState === "complete" && `+
		`(document.querySelector(%q) || {textContent: ""}).textContent.includes(%q)`, sel, text)
	deadline := time.Now().Add(stepTimeout)
	for {
		// While the browser navigates, evaluating fails: try again.
		ok, err := chromedp.Run(e.ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			e.failed(what)
			e.t.Fatalf("%s: no %q in %s after %v (last error: %v)", what, text, sel, stepTimeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
