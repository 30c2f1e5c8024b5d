package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// app is a running build of the bench app.
type app struct {
	name string
	addr string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
}

// startApp starts argv (the app's binary, or a command that runs it) on a
// free loopback port and waits until it answers, for up to wait.
func startApp(name string, argv []string, env []string, logDir string, wait time.Duration) (*app, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	logPath := filepath.Join(logDir, "bench-"+name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(append(os.Environ(), "BENCH_ADDR="+addr), env...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting the %s app: %w", name, err)
	}
	a := &app{name: name, addr: addr, log: logPath, cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		f.Close()
		close(a.done)
	}()
	if err := a.waitReady(wait); err != nil {
		a.stop()
		return nil, err
	}
	return a, nil
}

func (a *app) pid() int { return a.cmd.Process.Pid }

// waitReady polls /healthz until it answers 200, the app exits or the
// timeout passes.
func (a *app) waitReady(timeout time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); {
		select {
		case <-a.done:
			return fmt.Errorf("the %s app exited; see %s", a.name, a.log)
		default:
		}
		resp, err := client.Get("http://" + a.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("the %s app did not answer on %s within %v; see %s", a.name, a.addr, timeout, a.log)
}

// blocksScanner reports whether the app answers 403 to a request from an
// attack tool (sqlmap's User-Agent), which the built-in rules block.
func (a *app) blocksScanner() (bool, error) {
	req, err := http.NewRequest("GET", "http://"+a.addr+"/healthz", nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("User-Agent", "sqlmap/1.7.2#stable (https://sqlmap.org)")
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return false, fmt.Errorf("the %s app: %w", a.name, err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusForbidden, nil
}

// stop ends the app (SIGTERM, then SIGKILL after 5 s).
func (a *app) stop() {
	select {
	case <-a.done:
		return
	default:
	}
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.done:
	case <-time.After(5 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.done
	}
}
