package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sqreen-go/sqreen/webui/backend/memory"
)

func timeNow() time.Time { return time.Now() }

// Attacks carrying script payloads are shown as text on every page that
// lists them, and none of them runs.
func TestStoredXSS(t *testing.T) {
	e := start(t)
	e.login()
	pages := []string{"/", "/events", "/events?kind=xss", "/vulns", "/apps/shop"}
	hooks, _ := e.m.ListWebhooks(context.Background())
	pages = append(pages, "/webhooks/"+hooks[0].ID)
	for _, p := range memory.XSSPayloads() {
		id := e.eventID(p)
		pages = append(pages, "/events/"+id, "/rules/new?event="+id)
	}
	for _, p := range pages {
		e.run("open "+p,
			chromedp.Navigate(e.base+p),
			chromedp.WaitReady(chromedp.CSS(`main`)),
			chromedp.Sleep(50*time.Millisecond)) // let onload/onerror handlers fire, if any were injected
		e.noScriptRan(p)
		if name, ok := map[string]string{"/vulns": "vulnerabilities", "/apps/shop": "app"}[p]; ok {
			e.screenshot(name)
		}
		injected := value(e, "count injected elements", chromedp.Evaluate[int](
			`document.querySelectorAll("main script, main img[src=x], main svg[onload], [onerror], [onload]").length`))
		if injected != 0 {
			t.Errorf("%s: %d elements came from payloads", p, injected)
		}
	}
	// The payloads are visible as text, exactly as sent.
	e.run("xss list", chromedp.Navigate(e.base+"/events?kind=xss"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	e.screenshot("stored-xss")
	body := e.text(`table.list`)
	for _, p := range memory.XSSPayloads() {
		if !strings.Contains(body, p) {
			t.Errorf("payload %q not shown as text", p)
		}
	}
	e.run("detail", chromedp.Navigate(e.base+"/events/"+e.eventID(memory.XSSPayloads()[0])), chromedp.WaitVisible(chromedp.CSS(`#evidence`)))
	if got := e.text(`#evidence`); got != memory.XSSPayloads()[0] {
		t.Errorf("evidence shown as %q", got)
	}
	e.noScriptRan("detail")
}

// The main pages on a phone-sized screen, for people to look at.
func TestPhoneLayout(t *testing.T) {
	e := start(t)
	e.login()
	e.run("phone size", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, p := range []struct{ path, name string }{{"/", "phone-overview"}, {"/events", "phone-attacks"}} {
		e.run("open "+p.path, chromedp.Navigate(e.base+p.path), chromedp.WaitReady(chromedp.CSS(`main`)))
		overflow := value(e, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if overflow {
			t.Errorf("%s scrolls sideways on a phone", p.path)
		}
		e.screenshot(p.name)
	}
}
