// Command demo is the end-to-end tour a new user runs first (make demo).
//
// It builds sqreen-build, the platform and the bookstore example (with
// sqreen-build), starts the platform on SQLite and the bookstore pointed at
// it, sends benign requests and attacks through every hook point, prints
// what was blocked and why, waits for the bookstore's heartbeat to reach the
// platform, and prints the dashboard's address and login. With -ci it stops
// there; otherwise it keeps everything running until Ctrl-C.
//
//	go run ./examples/demo          # from the repository root
//	go run ./examples/demo -ci      # non-interactive, for CI
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

const (
	adminUser     = "admin"
	adminPassword = "sqreen-demo"
)

func main() {
	ci := flag.Bool("ci", false, "non-interactive: exit after the tour (non-zero when it did not go as expected)")
	work := flag.String("work", ".demo", "folder for binaries, the database and logs")
	flag.Parse()
	if err := demo(*work, *ci); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func demo(work string, ci bool) (err error) {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(work) {
		work = filepath.Join(root, work)
	}
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	bin := filepath.Join(work, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	say("1/5 building sqreen-build and sqreen-platform")
	if _, err := run(root, nil, "go", "build", "-o", bin+string(filepath.Separator), "./cmd/sqreen-build", "./cmd/sqreen-platform"); err != nil {
		return err
	}
	sqreenBuild, platform := filepath.Join(bin, "sqreen-build"), filepath.Join(bin, "sqreen-platform")

	say("2/5 building examples/bookstore with sqreen-build (the first build instruments the standard library: a minute or two)")
	out, err := run(filepath.Join(root, "examples", "bookstore"), nil, sqreenBuild, "go", "build", "-o", filepath.Join(bin, "bookstore"), ".")
	if err != nil {
		return err
	}
	fmt.Print(indent(out))

	say("3/5 starting the platform on SQLite")
	db := "sqlite://" + filepath.Join(work, "sqreen.db")
	dbEnv := []string{"SQREEN_PLATFORM_DB=" + db}
	if _, err := run(work, dbEnv, platform, "migrate"); err != nil {
		return err
	}
	out, err = run(work, dbEnv, platform, "app", "create", "bookstore")
	if err != nil {
		return err
	}
	agentToken := firstMatch(out, `SQREEN_TOKEN=(\S+)`)
	if agentToken == "" {
		return fmt.Errorf("no agent token in the output of app create:\n%s", out)
	}
	if _, err := runStdin(work, dbEnv, adminPassword+"\n", platform, "user", "create", "--name", adminUser, "--role", "admin"); err != nil {
		return err
	}
	out, err = run(work, dbEnv, platform, "token", "create", "--name", "demo", "--role", "viewer")
	if err != nil {
		return err
	}
	apiToken := firstMatch(out, `Bearer (\S+?)"?\s`)
	grpcAddr, err := freeAddr()
	if err != nil {
		return err
	}
	httpAddr, err := freeAddr()
	if err != nil {
		return err
	}
	plat, err := start(work, "platform", dbEnv, platform, "serve", "--grpc-addr", grpcAddr, "--http-addr", httpAddr)
	if err != nil {
		return err
	}
	defer plat.stop()
	dashboard := "http://" + httpAddr
	if err := waitHTTP(plat, dashboard+"/healthz", 30*time.Second); err != nil {
		return err
	}

	say("4/5 starting the protected bookstore, connected to the platform")
	appAddr, err := freeAddr()
	if err != nil {
		return err
	}
	app, err := start(work, "bookstore", []string{
		"BOOKSTORE_ADDR=" + appAddr,
		"SQREEN_TOKEN=" + agentToken,
		"SQREEN_PLATFORM_ADDR=" + grpcAddr,
		"SQREEN_PLATFORM_INSECURE=1",
		"SQREEN_APP_NAME=bookstore",
	}, filepath.Join(bin, "bookstore"))
	if err != nil {
		return err
	}
	defer app.stop()
	if err := waitHTTP(app, "http://"+appAddr+"/", 30*time.Second); err != nil {
		return err
	}

	say("5/5 the tour: a benign request and an attack through every hook point")
	outs := runTour("http://"+appAddr, tourSteps())
	bad := printTour(os.Stdout, outs)

	attacks := 0
	for _, o := range outs {
		if o.attack {
			attacks++
		}
	}
	say(fmt.Sprintf("waiting for the bookstore's heartbeat to deliver its %d attacks to the platform (every 20 s)", attacks))
	seen, err := waitEvents(ctx, dashboard, apiToken, attacks, 60*time.Second)
	if err != nil {
		fmt.Printf("   platform: %v\n", err)
		bad++
	} else {
		fmt.Printf("   platform: %d events stored; what the agent reported:\n", seen)
		if err := printEvents(ctx, os.Stdout, dashboard, apiToken); err != nil {
			fmt.Printf("   platform: %v\n", err)
			bad++
		}
	}

	if ci && err == nil {
		// The dashboard half, in a real browser when there is one.
		if _, serr := os.Stat(chromium); serr != nil {
			say("the dashboard in a browser: skipped, " + chromium + " is not installed")
		} else {
			say("the dashboard in a browser: find the attack, block its IP, see the bookstore enforce it")
			if berr := browserTour(ctx, work, dashboard, "http://"+appAddr, 20*time.Second); berr != nil {
				fmt.Printf("   %v\n", berr)
				bad++
			}
		}
	}

	fmt.Printf("\nDashboard: %s  (login %q, password %q)\nLogs and database: %s\n", dashboard, adminUser, adminPassword, work)
	if bad > 0 {
		err = fmt.Errorf("%d step(s) did not go as expected; see the table above and the logs", bad)
	}
	if ci {
		return err
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
	}
	fmt.Println("Everything keeps running; press Ctrl-C to stop.")
	<-ctx.Done()
	fmt.Println("\nstopping")
	return nil
}

// printEvents prints the attacks the platform stored: rule, action,
// evidence and the app's line that reached the sink.
func printEvents(ctx context.Context, w io.Writer, base, token string) error {
	var body struct {
		Items []struct {
			Kind     string `json:"kind"`
			RuleID   string `json:"rule_id"`
			Action   string `json:"action"`
			Evidence string `json:"evidence"`
			Location string `json:"location"`
		} `json:"items"`
	}
	if err := getJSON(ctx, base+"/api/v1/events?limit=50", token, &body); err != nil {
		return err
	}
	for i := len(body.Items) - 1; i >= 0; i-- { // oldest first, as in the tour
		e := body.Items[i]
		if e.RuleID == "" {
			continue // not an attack (a login outcome, ...)
		}
		where := ""
		if e.Location != "" {
			where = " at " + e.Location
		}
		fmt.Fprintf(w, "   %-9s %-20s evidence %q%s\n", e.Action, e.RuleID, e.Evidence, where)
	}
	return nil
}

func getJSON(ctx context.Context, url, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// waitEvents polls the platform's API until it holds at least want events.
func waitEvents(ctx context.Context, base, token string, want int, timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	for {
		var body struct {
			Total int `json:"total"`
		}
		err := getJSON(ctx, base+"/api/v1/events?limit=1", token, &body)
		if err == nil && body.Total >= want {
			return body.Total, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			if err != nil {
				return body.Total, err
			}
			return body.Total, fmt.Errorf("%d of %d attack events arrived within %s", body.Total, want, timeout)
		}
		time.Sleep(time.Second)
	}
}

func repoRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for ; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/sqreen-go/sqreen\n") {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("run the demo from inside the sqreen repository")
		}
	}
}

func firstMatch(s, re string) string {
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

func say(s string) { fmt.Println("==> " + s) }

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return ""
	}
	return "   " + strings.ReplaceAll(s, "\n", "\n   ") + "\n"
}
