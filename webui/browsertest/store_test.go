package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sqreen-go/sqreen/platform/storetest"
	"github.com/sqreen-go/sqreen/runtime/wire"
	"github.com/sqreen-go/sqreen/webui/storebackend"
)

// An attack an agent reported is seen in the dashboard over the platform's
// store; the IP blocked and the rule saved there are in the commands the
// agents receive at their next heartbeat.
func TestDashboardToAgentCommands(t *testing.T) {
	skipWithoutChromium(t)
	ctx := context.Background()
	st := storetest.Backends(t)[0].Open(t, nil)
	app, _, err := st.CreateApp(ctx, "shop", "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Login(ctx, app.ID, &wire.LoginRequest{AppName: "shop", InstanceId: "i-1", Host: "web-1"}); err != nil {
		t.Fatal(err)
	}
	_, cursor, err := st.LoginState(ctx, app.ID) // where the agent starts following the command log
	if err != nil {
		t.Fatal(err)
	}
	const payload = `<img src=x onerror="window.__xss=9">' OR 1=1 --`
	if _, err := st.IngestHeartbeat(ctx, app.ID, &wire.HeartbeatRequest{InstanceId: "i-1", BatchId: "b1", Cursor: cursor,
		Events: []*wire.Event{{Kind: wire.EventKind_EVENT_KIND_ATTACK, TimeUnixMs: time.Now().UnixMilli(), RuleId: "rasp-sqli",
			HookPoint: "sql", Action: "blocked",
			Request:  &wire.RequestSummary{Method: "GET", Path: "/users", ClientIp: "198.51.100.23"},
			Evidence: []*wire.Evidence{{Detector: "sqli", Source: "query.name", Input: payload}},
			Stack:    []*wire.Frame{{Function: "shop.find", File: "shop/store.go", Line: 42}}}}}); err != nil {
		t.Fatal(err)
	}

	e := startWith(t, storebackend.New(st, storebackend.Options{}))
	e.login()
	e.run("open the reported attack",
		chromedp.Navigate(e.base+"/events"),
		chromedp.Click(chromedp.CSS(`table.list tbody tr.ev td a`)),
		chromedp.WaitVisible(chromedp.CSS(`#evidence`)))
	if got := e.text(`#evidence`); got != payload {
		t.Errorf("evidence shown as %q", got)
	}
	e.noScriptRan("attack detail")
	e.run("block the IP",
		chromedp.Click(chromedp.CSS(`#block-ip button`)),
		chromedp.WaitVisible(chromedp.CSS(`#blocks`)))
	wantContains(t, "blocklist", e.text(`#blocks`), "198.51.100.23")

	const rule = "rules:\n  - id: no-curl\n    hook: request\n    condition: request.user_agent contains \"curl\"\n    action: block\n"
	e.run("save a rule for the app",
		chromedp.Navigate(e.base+"/rules/new?app="+storebackendID(app.ID)),
		chromedp.WaitVisible(chromedp.CSS(`#source`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "no curl"),
		chromedp.SetValue(chromedp.CSS(`select[name=mode]`), "block"),
		chromedp.SetValue(chromedp.CSS(`#source`), rule),
		chromedp.Click(chromedp.CSS(`#save-rule`)),
		chromedp.WaitVisible(`//h2[text()="History"]`))
	e.screenshot("store-rule-saved")

	cmds, _, ok, err := st.CommandsAfter(ctx, app.ID, cursor)
	if err != nil || !ok {
		t.Fatalf("commands: %v %v", ok, err)
	}
	var blocked, rules bool
	for _, c := range cmds {
		if b := c.GetBlock(); b != nil && b.Value == "198.51.100.23" && b.ExpiresUnixMs > time.Now().UnixMilli() {
			blocked = true
		}
		if r := c.GetReplaceRules(); r != nil && len(r.Files) == 1 && strings.Contains(string(r.Files[0].Content), "no-curl") {
			rules = true
		}
	}
	if !blocked || !rules {
		t.Errorf("next heartbeat carries block=%t rules=%t: %v", blocked, rules, cmds)
	}
}

func storebackendID(id int64) string { return strconv.FormatInt(id, 10) }
