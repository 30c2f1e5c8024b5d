package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// platform is a sqreen-platform serving on loopback, on SQLite.
type platform struct {
	grpcAddr string
	httpAddr string
	token    string
	cmd      *exec.Cmd
	done     chan struct{}
}

var tokenLine = regexp.MustCompile(`SQREEN_TOKEN=(\S+)`)

// startPlatform creates a SQLite database in dir, an app and its token,
// and serves the platform on free loopback ports, as make demo does.
func startPlatform(bin, dir string) (*platform, error) {
	env := append(os.Environ(), "SQREEN_PLATFORM_DB=sqlite://"+filepath.Join(dir, "platform.db"))
	runIn := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("sqreen-platform %v: %w\n%s", args, err, out)
		}
		return string(out), nil
	}
	if _, err := runIn("migrate"); err != nil {
		return nil, err
	}
	out, err := runIn("app", "create", "bench-app")
	if err != nil {
		return nil, err
	}
	m := tokenLine.FindStringSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("no SQREEN_TOKEN in the output of sqreen-platform app create:\n%s", out)
	}
	grpcAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	httpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "platform.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--grpc-addr", grpcAddr, "--http-addr", httpAddr)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("starting sqreen-platform serve: %w", err)
	}
	p := &platform{grpcAddr: grpcAddr, httpAddr: httpAddr, token: m[1], cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		logf.Close()
		close(p.done)
	}()
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		select {
		case <-p.done:
			return nil, fmt.Errorf("sqreen-platform serve exited; see %s", logf.Name())
		default:
		}
		if resp, err := client.Get("http://" + httpAddr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
	}
	p.stop()
	return nil, fmt.Errorf("sqreen-platform did not answer on %s within 30s; see %s", httpAddr, logf.Name())
}

// agentEnv is what the protected app needs to report to the platform.
func (p *platform) agentEnv() []string {
	return []string{"SQREEN_TOKEN=" + p.token, "SQREEN_PLATFORM_ADDR=" + p.grpcAddr,
		"SQREEN_PLATFORM_INSECURE=1", "SQREEN_APP_NAME=bench-app"}
}

// agentCounters reads the platform's agent logins and heartbeats from its
// /metrics, to show that the protected app did report to it.
func (p *platform) agentCounters() (logins, heartbeats string, err error) {
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + p.httpAddr + "/metrics")
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", "", err
	}
	logins, heartbeats = "?", "?"
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "sqreen_agent_logins_total "); ok {
			logins = v
		}
		if v, ok := strings.CutPrefix(line, "sqreen_agent_heartbeats_total "); ok {
			heartbeats = v
		}
	}
	return logins, heartbeats, nil
}

func (p *platform) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
