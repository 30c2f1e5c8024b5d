package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sqreen-go/sqreen/webui/backend"
)

// Sign in, see an attack in the list, open it, block its IP.
func TestSeeAttackAndBlockIP(t *testing.T) {
	e := start(t)
	e.login()
	e.noScriptRan("overview")

	// An attack reported now shows in the overview's live feed (SSE).
	waitText(e, "#live-state", "connected")
	e.m.AddEvent(backend.Event{AppID: "shop", Kind: "ssrf", Action: backend.ActionBlocked, IP: "192.0.2.77",
		Request: backend.Request{Method: "GET", Path: "/fetch"}, Evidence: "http://169.254.169.254/"})
	waitText(e, "#live tbody tr.new", "192.0.2.77")
	e.screenshot("overview")

	e.run("attack list",
		chromedp.Navigate(e.base+"/events?kind=sqli"),
		chromedp.WaitVisible(chromedp.CSS(`table.list tbody tr.ev`)))
	e.screenshot("attacks")
	e.run("open the first attack",
		chromedp.Click(chromedp.CSS(`table.list tbody tr.ev td a`)),
		chromedp.WaitVisible(chromedp.CSS(`#evidence`)))
	e.screenshot("attack-detail")
	wantContains(t, "evidence", e.text(`#evidence`), `' OR 1=1 --`)
	ip := e.text(`#event-ip`)

	e.run("block the IP for 24h",
		chromedp.SetValue(chromedp.CSS(`#block-ip select[name=duration]`), "24h"),
		chromedp.Click(chromedp.CSS(`#block-ip button`)),
		chromedp.WaitVisible(chromedp.CSS(`#blocks`)))
	e.screenshot("blocklist")
	wantContains(t, "blocklist", e.text(`#blocks`), ip)
	blocks, _, err := e.m.ListBlocks(context.Background(), timeNow(), backend.Page{})
	if err != nil || len(blocks) != 1 || blocks[0].Value != ip || blocks[0].ExpiresAt.IsZero() {
		t.Fatalf("blocks = %+v, %v", blocks, err)
	}
}

// Write a rule with a syntax error, see the error, fix it, test it, save it.
func TestRuleEditor(t *testing.T) {
	e := start(t)
	e.login()
	const fixed = `rules:
  - id: block-curl
    hook: request
    condition: request.user_agent contains "curl"
    action: block
`
	broken := strings.Replace(fixed, "condition: request", "condition: (request", 1)
	setSource := func(src string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.SetValue(chromedp.CSS(`#source`), src),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("source").dispatchEvent(new Event("input"))`),
		)
	}
	e.run("type a broken rule",
		chromedp.Navigate(e.base+"/rules/new?app=shop"),
		chromedp.WaitVisible(chromedp.CSS(`#source`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "block curl"),
		setSource(broken))
	waitText(e, "#problems", "line 4, column ")
	e.screenshot("rule-error")
	wantContains(t, "problems", e.text(`#problems`), "rule block-curl: ")

	e.run("fix it",
		setSource(fixed),
		chromedp.WaitVisible(chromedp.CSS(`#problems[data-state=ok]`)))
	e.run("test it against a request from curl",
		chromedp.SetValue(chromedp.CSS(`#fixture`), `{"method":"GET","path":"/","headers":[{"key":"User-Agent","value":"curl/8.5"}]}`),
		chromedp.Click(chromedp.CSS(`#test-rule`)),
		chromedp.WaitVisible(chromedp.CSS(`#test-result[data-state=match]`)))
	wantContains(t, "test result", e.text(`#test-result`), "Matched: block-curl (block)")
	e.screenshot("rule-tested")

	e.run("save it",
		chromedp.Click(chromedp.CSS(`#save-rule`)),
		chromedp.WaitVisible(`//h2[text()="History"]`))
	e.screenshot("rule-saved")
	rules, err := e.m.ListRules(context.Background(), "shop")
	if err != nil {
		t.Fatal(err)
	}
	var saved *backend.Rule
	for i := range rules {
		if rules[i].Name == "block curl" {
			saved = &rules[i]
		}
	}
	if saved == nil || saved.Source != fixed || saved.Version != 1 || saved.UpdatedBy != "alice" || saved.AppID != "shop" {
		t.Fatalf("saved rule = %+v", saved)
	}
}
