package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// step is one request of the scripted tour: a benign request and its
// attacking twin for every hook point of the bookstore.
type step struct {
	what   string // what the request does, for people
	hook   string // the hook point that should act
	attack bool
	method string
	path   string
	form   url.Values // POST body, when method is POST
	header http.Header
}

func tourSteps() []step {
	q := func(path, key, value string) string { return path + "?" + url.Values{key: {value}}.Encode() }
	return []step{
		{what: "search the catalogue", hook: "sql", method: "GET", path: q("/search", "q", "Concurrency")},
		{what: "SQL injection: UNION out the users table", hook: "sql", attack: true, method: "GET",
			path: q("/search", "q", "x' UNION SELECT name, password, 1 FROM users--")},
		{what: "ping a host", hook: "shell", method: "GET", path: q("/ping", "host", "example.com")},
		{what: "shell injection: chain a second command", hook: "shell", attack: true, method: "GET",
			path: q("/ping", "host", "example.com; cat /etc/passwd")},
		{what: "download a sample chapter", hook: "file", method: "GET", path: q("/download", "file", "gopl-sample.txt")},
		{what: "path traversal: read /etc/passwd", hook: "file", attack: true, method: "GET",
			path: q("/download", "file", "../../../../../../etc/passwd")},
		{what: "greet a reader", hook: "template", method: "GET", path: q("/hello", "name", "Ada")},
		{what: "reflected XSS through template.HTML", hook: "template", attack: true, method: "GET",
			path: q("/hello", "name", "<script>alert(document.cookie)</script>")},
		{what: "fetch a cover image from a public site", hook: "http_client", method: "GET",
			path: q("/fetch", "url", "https://covers.example.org/gopl.png")},
		{what: "SSRF: fetch the cloud metadata service", hook: "http_client", attack: true, method: "GET",
			path: q("/fetch", "url", "http://169.254.169.254/latest/meta-data/")},
		{what: "log in with a good password", hook: "request", method: "POST", path: "/login",
			form: url.Values{"user": {"alice"}, "password": {"wonderland"}}},
		{what: "an attack tool's user agent", hook: "request", attack: true, method: "GET", path: "/",
			header: http.Header{"User-Agent": {"sqlmap/1.8.2#stable (https://sqlmap.org)"}}},
	}
}

// outcome is what happened to one step.
type outcome struct {
	step
	status  int
	blocked bool
	err     error
}

func runTour(base string, steps []step) []outcome {
	client := &http.Client{Timeout: 10 * time.Second}
	var out []outcome
	for _, s := range steps {
		o := outcome{step: s}
		var body io.Reader
		if s.form != nil {
			body = strings.NewReader(s.form.Encode())
		}
		req, err := http.NewRequest(s.method, base+s.path, body)
		if err != nil {
			o.err = err
			out = append(out, o)
			continue
		}
		req.Header.Set("Accept", "application/json")
		for k, v := range s.header {
			req.Header[k] = v
		}
		if s.form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := client.Do(req)
		if err != nil {
			o.err = err
			out = append(out, o)
			continue
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		o.status = resp.StatusCode
		o.blocked = resp.StatusCode == http.StatusForbidden
		out = append(out, o)
	}
	return out
}

// printTour prints one line per step and returns how many steps did not
// behave as expected (an attack not blocked, a benign request blocked).
func printTour(w io.Writer, outs []outcome) int {
	bad := 0
	fmt.Fprintf(w, "\n%-12s %-7s %-6s %s\n", "hook point", "request", "status", "what")
	for _, o := range outs {
		kind := "benign"
		if o.attack {
			kind = "attack"
		}
		verdict := ""
		switch {
		case o.err != nil:
			verdict = "error: " + o.err.Error()
			bad++
		case o.attack && o.blocked:
			verdict = "BLOCKED"
		case o.attack:
			verdict = "NOT BLOCKED"
			bad++
		case o.blocked:
			verdict = "BLOCKED (false positive)"
			bad++
		default:
			verdict = "ok"
		}
		fmt.Fprintf(w, "%-12s %-7s %-6d %s: %s\n", o.hook, kind, o.status, o.what, verdict)
	}
	return bad
}
