package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is Debian's browser, which the non-interactive demo drives when
// it is installed (.ci/run installs it).
const chromium = "/usr/bin/chromium"

// browserTour is the dashboard half of the non-interactive demo, in a real
// browser: sign in, find the SQL injection the protected bookstore
// reported, check its evidence and the app's line, block the attacker's IP
// from the attack page, and see the bookstore refuse that IP once its next
// heartbeat brought the block. It leaves screenshots in work.
func browserTour(ctx context.Context, work, dashboard, app string, heartbeat time.Duration) error {
	actx, cancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(work, "chromium")),
		chromedp.WindowSize(1280, 900),
	)
	defer cancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	// The first run on a context starts the browser and ties it to that
	// context: start it on bctx, not on a step's shorter one.
	if err := chromedp.Do(bctx); err != nil {
		return fmt.Errorf("starting %s: %w", chromium, err)
	}

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) error {
		sctx, scancel := context.WithTimeout(bctx, 30*time.Second)
		defer scancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			return fmt.Errorf("dashboard, %s: %w", what, err)
		}
		return nil
	}
	text := func(sel string) (string, error) {
		sctx, scancel := context.WithTimeout(bctx, 30*time.Second)
		defer scancel()
		s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			return "", fmt.Errorf("dashboard, text of %s: %w", sel, err)
		}
		return s, nil
	}
	shot := func(name string) {
		sctx, scancel := context.WithTimeout(bctx, 30*time.Second)
		defer scancel()
		if png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(filepath.Join(work, "dashboard-"+name+".png"), png, 0o644)
		}
	}

	if err := step("sign in",
		chromedp.Navigate(dashboard+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#login`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=user]`), adminUser),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), adminPassword),
		chromedp.Submit(chromedp.CSS(`#login`)),
		chromedp.WaitVisible(chromedp.CSS(`svg.chart`)),
	); err != nil {
		return err
	}
	shot("overview")
	fmt.Println("   dashboard: signed in, overview shown")

	// The SQL injection the RASP rule blocked at the sink (the WAF's
	// request rule saw the same input and only monitored it).
	if err := step("list the SQL injections",
		chromedp.Navigate(dashboard+"/events?kind=sqli"),
		chromedp.WaitVisible(chromedp.CSS(`table.list tbody tr.ev td a`)),
	); err != nil {
		return err
	}
	href, err := func() (string, error) {
		sctx, scancel := context.WithTimeout(bctx, 30*time.Second)
		defer scancel()
		return chromedp.Run(sctx, chromedp.Evaluate[string](`(Array.from(document.querySelectorAll("table.list tbody tr.ev")).find(r => r.textContent.includes("rasp-sqli"))?.querySelector("td a")?.href) || ""`))
	}()
	if err != nil || href == "" {
		return fmt.Errorf("dashboard: no rasp-sqli attack in the list (%v)", err)
	}
	if err := step("open the SQL injection",
		chromedp.Navigate(href),
		chromedp.WaitVisible(chromedp.CSS(`#evidence`)),
	); err != nil {
		return err
	}
	evidence, err := text(`#evidence`)
	if err != nil {
		return err
	}
	facts, err := text(`dl.facts`)
	if err != nil {
		return err
	}
	shot("attack")
	if !strings.Contains(evidence, "UNION SELECT") || !strings.Contains(facts, "handlers.go:") {
		return fmt.Errorf("dashboard: the SQL injection's page shows evidence %q and facts %q; want the UNION and the app's handlers.go line", evidence, facts)
	}
	fmt.Printf("   dashboard: attack page shows the evidence %q and the app's line\n", strings.TrimSpace(evidence))

	ip, err := text(`#event-ip`)
	if err != nil {
		return err
	}
	if err := step("block the IP",
		chromedp.SetValue(chromedp.CSS(`#block-ip select[name=duration]`), "1h"),
		chromedp.Click(chromedp.CSS(`#block-ip button`)),
		chromedp.WaitVisible(chromedp.CSS(`#blocks`)),
	); err != nil {
		return err
	}
	shot("blocks")
	fmt.Printf("   dashboard: blocked %s for 1h; waiting for the bookstore's next heartbeat\n", ip)

	// The bookstore gets the block at its next heartbeat; a benign page
	// then answers 403 to this (loopback) client.
	deadline := time.Now().Add(heartbeat + 15*time.Second)
	for {
		status, err := get(ctx, app+"/")
		if err == nil && status == http.StatusForbidden {
			fmt.Printf("   bookstore: a benign request from %s now gets %d: the block reached the agent\n", ip, status)
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bookstore: still %d (%v) for a blocked IP %s after %s", status, err, ip, heartbeat+15*time.Second)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func get(ctx context.Context, url string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
