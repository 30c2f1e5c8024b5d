package hooks

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"html/template"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sqreen-go/sqreen/runtime/internal/agent"
	"github.com/sqreen-go/sqreen/runtime/internal/reqctx"
)

// pqDriver stands for github.com/lib/pq's driver type in dialect tests.
type pqDriver struct{}

// hookCase is one hook point with an attack and its benign twin: the
// same call, with the request input used safely.
type hookCase struct {
	name   string
	rule   string
	attack string // request target carrying the attack
	benign string
	call   func(ctx context.Context, req *reqctx.Request, a *agent.Agent) error
}

func hookCases() []hookCase {
	return []hookCase{
		{
			name: "sql", rule: "rasp-sqli",
			attack: "/search?id=" + url.QueryEscape("1 OR 1=1"),
			benign: "/search?id=42",
			call: func(ctx context.Context, req *reqctx.Request, a *agent.Agent) error {
				return SQLDialect(ctx, "postgresql", "SELECT * FROM users WHERE id = "+req.Query().Get("id"))
			},
		},
		{
			name: "sql", rule: "rasp-sqli", // through a driver value: generic dialect
			attack: "/search?name=" + url.QueryEscape("x' OR 'a'='a"),
			benign: "/search?name=" + url.QueryEscape("O'Brien"),
			call: func(ctx context.Context, req *reqctx.Request, a *agent.Agent) error {
				name := req.Query().Get("name")
				if req.Query().Get("name") == "O'Brien" {
					name = "O''Brien" // the app escapes it
				}
				return SQL(ctx, &pqDriver{}, "SELECT * FROM users WHERE name = '"+name+"'")
			},
		},
		{
			name: "shell", rule: "rasp-shell",
			attack: "/ping?host=" + url.QueryEscape("example.com; cat /etc/passwd"),
			benign: "/ping?host=example.com",
			call: func(ctx context.Context, req *reqctx.Request, a *agent.Agent) error {
				return execCheck(a, req, "/bin/sh", []string{"sh", "-c", "ping -c 1 " + req.Query().Get("host")})
			},
		},
		{
			name: "file", rule: "rasp-path",
			attack: "/download?f=" + url.QueryEscape("../../../etc/passwd"),
			benign: "/download?f=report.pdf",
			call: func(ctx context.Context, req *reqctx.Request, a *agent.Agent) error {
				return fileCheck(a, req, "open", "/var/www/app/uploads/"+req.Query().Get("f"), os.O_RDONLY)
			},
		},
		{
			name: "http_client", rule: "rasp-ssrf",
			attack: "/fetch?u=" + url.QueryEscape("http://127.0.0.1:6379/"),
			benign: "/fetch?u=" + url.QueryEscape("https://example.com/feed"),
			call: func(ctx context.Context, req *reqctx.Request, a *agent.Agent) error {
				out, _ := http.NewRequestWithContext(ctx, http.MethodGet, req.Query().Get("u"), nil)
				return HTTPClient(out)
			},
		},
		{
			name: "template", rule: "rasp-template-xss",
			attack: "/hello?name=" + url.QueryEscape("<script>alert(1)</script>"),
			benign: "/hello?name=Ada",
			call: func(ctx context.Context, req *reqctx.Request, a *agent.Agent) error {
				// text rendered without escaping, as a template.HTML
				// conversion in the app would do
				var sink bytes.Buffer
				w, done := templateStart(a, req, &sink, "hello")
				tmpl := template.Must(template.New("hello").Parse(`<p>Hello {{.}}</p>`))
				err := tmpl.Execute(w, template.HTML(req.Query().Get("name")))
				if done != nil {
					err = done(err)
				}
				return err
			},
		},
	}
}

func TestHooksBlockAttacksAndPassBenignTwins(t *testing.T) {
	for _, monitor := range []bool{false, true} {
		mode := map[bool]string{false: "block", true: "monitor"}[monitor]
		for _, tc := range hookCases() {
			t.Run(mode+"/"+tc.name+"/attack", func(t *testing.T) {
				a := newTestAgent(t, monitor)
				r, req, rec, end := inFlight(t, a, tc.attack)
				err := tc.call(r.Context(), req, a)
				end()
				events := eventsAt(a, tc.name)
				if len(events) != 1 || events[0].RuleID != tc.rule || events[0].HookPoint != tc.name {
					t.Fatalf("events = %+v, want one %s event at %s", events, tc.rule, tc.name)
				}
				if monitor {
					if err != nil {
						t.Fatalf("monitor mode: hook returned %v, want nil", err)
					}
					if events[0].Action != "monitor" || rec.Code != http.StatusOK {
						t.Errorf("monitor mode: action %q, status %d; want monitor, 200", events[0].Action, rec.Code)
					}
					return
				}
				if !errors.Is(err, reqctx.ErrBlocked) {
					t.Fatalf("hook returned %v, want an error matching ErrBlocked", err)
				}
				var be *reqctx.BlockError
				if !errors.As(err, &be) || be.RuleID != tc.rule {
					t.Errorf("block error %v does not name rule %s", err, tc.rule)
				}
				if rec.Code != http.StatusForbidden || events[0].Action != "block" {
					t.Errorf("status %d, action %q; want 403, block", rec.Code, events[0].Action)
				}
				if r.Context().Err() == nil {
					t.Error("the request's context was not cancelled")
				}
				if len(events[0].Stack) == 0 {
					t.Error("RASP event without a stack trace")
				}
			})
			t.Run(mode+"/"+tc.name+"/benign", func(t *testing.T) {
				a := newTestAgent(t, monitor)
				r, req, rec, end := inFlight(t, a, tc.benign)
				err := tc.call(r.Context(), req, a)
				end()
				if err != nil {
					t.Fatalf("benign twin: hook returned %v", err)
				}
				if ev := eventsAt(a, tc.name); len(ev) != 0 {
					t.Errorf("benign twin reported %+v", ev)
				}
				if rec.Code != http.StatusOK {
					t.Errorf("status %d, want 200", rec.Code)
				}
			})
		}
	}
}

// html/template escapes what it renders: an attack input in an escaped
// context reaches the page as text, and the template hook lets it through.
func TestTemplateEscapedInputPasses(t *testing.T) {
	a := newTestAgent(t, false)
	r, req, rec, end := inFlight(t, a, "/hello?name="+url.QueryEscape("<script>alert(1)</script>"))
	var sink bytes.Buffer
	w, done := templateStart(a, req, &sink, "hello")
	err := template.Must(template.New("hello").Parse(`<p>Hello {{.}}</p>`)).Execute(w, req.Query().Get("name"))
	if done != nil {
		err = done(err)
	}
	end()
	if err != nil || rec.Code != 200 || r.Context().Err() != context.Canceled {
		t.Fatalf("escaped render: err %v, status %d", err, rec.Code)
	}
	if want := "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>"; sink.String() != want {
		t.Errorf("template wrote %q, want %q", sink.String(), want)
	}
}

// An upload's file name, as the client sent it, is an input: saving the
// file under it is a path traversal the file hook blocks.
func TestUploadFileNameIsAnInput(t *testing.T) {
	for _, tt := range []struct {
		filename string
		blocked  bool
	}{{"../../../etc/cron.d/job", true}, {"holiday.png", false}} {
		a := newTestAgent(t, false)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="photo"; filename="`+tt.filename+`"`)
		part, _ := mw.CreatePart(h)
		part.Write([]byte("\x89PNG..."))
		mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/upload", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		_, req, _, end := inFlightRequest(t, a, r)
		err := fileCheck(a, req, "open", "/var/www/app/uploads/"+tt.filename, os.O_WRONLY|os.O_CREATE)
		end()
		if errors.Is(err, reqctx.ErrBlocked) != tt.blocked {
			t.Errorf("saving as %q: %v, want blocked=%v", tt.filename, err, tt.blocked)
		}
	}
}

func TestStackStartsAtTheApp(t *testing.T) {
	a := newTestAgent(t, false)
	r, req, _, end := inFlight(t, a, hookCases()[0].attack)
	defer end()
	_ = SQLDialect(r.Context(), "postgresql", "SELECT * FROM users WHERE id = "+req.Query().Get("id"))
	ev := eventsAt(a, "sql")
	if len(ev) != 1 || len(ev[0].Stack) == 0 {
		t.Fatalf("events %+v, want one with a stack", ev)
	}
	if want := "SELECT * FROM users WHERE id = 1 OR 1=1"; ev[0].Sink != want {
		t.Errorf("event sink %q, want %q", ev[0].Sink, want)
	}
	if f := ev[0].Stack[0]; f.Function != "github.com/sqreen-go/sqreen/runtime/hooks.TestStackStartsAtTheApp" {
		t.Errorf("first frame %s (%s:%d), want the caller of the hook", f.Function, f.File, f.Line)
	}
}

func TestHooksWithoutRequestDoNothing(t *testing.T) {
	newTestAgent(t, false)
	ctx := context.Background()
	if err := SQLDialect(ctx, "postgresql", "SELECT 1 OR 1=1"); err != nil {
		t.Errorf("SQL outside a request: %v", err)
	}
	if err := Exec("/bin/sh", []string{"sh", "-c", "id; id"}); err != nil {
		t.Errorf("Exec outside a request: %v", err)
	}
	if err := File("open", "../../etc/passwd", 0); err != nil {
		t.Errorf("File outside a request: %v", err)
	}
	var buf bytes.Buffer
	if w, done := TemplateBegin(&buf, "t"); w != &buf || done != nil {
		t.Error("TemplateBegin outside a request wraps the writer")
	}
}

func TestDialBlocksInternalAddressOfUserHost(t *testing.T) {
	tests := []struct {
		name    string
		target  string
		url     string
		dial    string
		blocked bool
	}{
		{"user host resolving inside", "/f?u=" + url.QueryEscape("http://rebind.example/"), "http://rebind.example/", "127.0.0.1:80", true},
		{"user host resolving to metadata", "/f?u=" + url.QueryEscape("http://meta.example/"), "http://meta.example/", "169.254.169.254:80", true},
		{"user host resolving outside", "/f?u=" + url.QueryEscape("http://ok.example/"), "http://ok.example/", "93.184.215.14:80", false},
		{"app's own host resolving inside", "/f?u=x", "http://db.internal/", "10.0.0.5:5432", false},
		{"input merely containing the app's host", "/f?q=feedback", "http://db/", "10.0.0.5:80", false},
		{"user host with port and credentials", "/f?u=" + url.QueryEscape("http://u:p@Rebind.Example:8080/x"), "http://rebind.example:8080/x", "127.0.0.1:8080", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newTestAgent(t, false)
			r, _, rec, end := inFlight(t, a, tt.target)
			out, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, tt.url, nil)
			if err := HTTPClient(out); err != nil {
				t.Fatalf("HTTPClient: %v", err)
			}
			err := Dial(r.Context(), "tcp", tt.dial)
			end()
			if got := errors.Is(err, reqctx.ErrBlocked); got != tt.blocked {
				t.Fatalf("Dial(%s) blocked = %v (%v), want %v", tt.dial, got, err, tt.blocked)
			}
			if tt.blocked && rec.Code != http.StatusForbidden {
				t.Errorf("status %d, want 403", rec.Code)
			}
		})
	}
}

func TestHostIn(t *testing.T) {
	tests := []struct {
		v, host string
		want    bool
	}{
		{"evil.example", "evil.example", true},
		{"EVIL.example:8080", "evil.example", true},
		{"evil.example/path", "evil.example", true},
		{"see http://evil.example/x", "evil.example", true},
		{"https://user@evil.example?q", "evil.example", true},
		{"http://[::1]:80/", "::1", true},
		{"feedback", "db", false},
		{"http://evil.example.other/", "evil.example", false},
		{"evil.examples", "evil.example", false},
		{"//", "x", false},
	}
	for _, tt := range tests {
		if got := hostIn(tt.v, tt.host); got != tt.want {
			t.Errorf("hostIn(%q, %q) = %v, want %v", tt.v, tt.host, got, tt.want)
		}
	}
}

func FuzzHostIn(f *testing.F) {
	f.Add("http://a.example:1/", "a.example")
	f.Add("//[::1", "::1")
	f.Fuzz(func(t *testing.T, v, host string) {
		ascii := !strings.ContainsFunc(v+host, func(r rune) bool { return r >= 0x80 })
		if ascii && host != "" && hostIn(v, host) != hostIn(strings.ToUpper(v), host) {
			t.Fatalf("hostIn(%q, %q) depends on ASCII case", v, host)
		}
	})
}

// A dial is attributed to the pending outgoing request to a user-chosen
// host; the app's own call to an internal service afterwards is not
// checked.
func TestDialAfterUserRequestLeavesAppCallsAlone(t *testing.T) {
	a := newTestAgent(t, false)
	r, _, _, end := inFlight(t, a, "/f?hook="+url.QueryEscape("https://hooks.example/x"))
	defer end()
	out, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "https://hooks.example/x", nil)
	if err := HTTPClient(out); err != nil {
		t.Fatal(err)
	}
	if err := Dial(r.Context(), "tcp", "93.184.215.14:443"); err != nil {
		t.Fatalf("public dial of the user's host: %v", err)
	}
	internal, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://billing.internal/charge", nil)
	if err := HTTPClient(internal); err != nil {
		t.Fatal(err)
	}
	if err := Dial(r.Context(), "tcp", "10.0.0.7:80"); err != nil {
		t.Errorf("the app's own internal call was blocked: %v", err)
	}
}

func TestDialect(t *testing.T) {
	tests := []struct {
		pkg, want string
	}{
		{"github.com/lib/pq", "postgresql"},
		{"github.com/jackc/pgx/v5/stdlib", "postgresql"},
		{"github.com/go-sql-driver/mysql", "mysql"},
		{"modernc.org/sqlite", "sqlite"},
		{"github.com/mattn/go-sqlite3", "sqlite"},
		{"github.com/lib/pqx", "generic"},
		{"example.com/mydb", "generic"},
	}
	for _, tt := range tests {
		if got := dialectOfPackage(tt.pkg); got != tt.want {
			t.Errorf("dialectOfPackage(%q) = %q, want %q", tt.pkg, got, tt.want)
		}
	}
	if got := dialectOf(&pqDriver{}); got != "generic" {
		t.Errorf("dialectOf(test type) = %q, want generic", got)
	}
	if got := dialectOf(nil); got != "generic" {
		t.Errorf("dialectOf(nil) = %q, want generic", got)
	}
}

// TestDialectOfDB: database/sql's hook points pass the *sql.DB, and its
// dialect is its driver's.
func TestDialectOfDB(t *testing.T) {
	sql.Register("sqreen-hooks-dialect", fakeSQLDriver{})
	db, err := sql.Open("sqreen-hooks-dialect", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, ok := driverOf(db).(fakeSQLDriver); !ok {
		t.Errorf("driverOf(*sql.DB) = %T, want its driver, fakeSQLDriver", got)
	}
	if d := new(pqDriver); driverOf(d) != any(d) {
		t.Errorf("driverOf(a driver) = %T, want the driver itself", driverOf(d))
	}
	if got := dialectOf(db); got != "generic" {
		t.Errorf("dialectOf(*sql.DB of a test driver) = %q, want generic", got)
	}
}

// fakeSQLDriver is a database/sql driver that opens no connection.
type fakeSQLDriver struct{}

func (fakeSQLDriver) Open(string) (driver.Conn, error) { return nil, errors.New("no connection") }

func TestShellCommand(t *testing.T) {
	tests := []struct {
		path string
		argv []string
		want string
		ok   bool
	}{
		{"/bin/sh", []string{"sh", "-c", "ls -la"}, "ls -la", true},
		{"/usr/bin/bash", []string{"bash", "-ec", "echo hi", "arg0"}, "echo hi", true},
		{"/bin/zsh", []string{"zsh", "-o", "pipefail", "-c", "a | b"}, "a | b", true},
		{"/bin/busybox", []string{"busybox", "sh", "-c", "id"}, "id", true},
		{"/bin/dash", []string{"dash", "-c", "--", "x"}, "x", true}, // -- ends the options
		{"/bin/sh", []string{"sh", "--", "x"}, "", false},
		{"/bin/sh", []string{"sh", "script.sh"}, "", false},
		{"/bin/sh", []string{"sh", "-c"}, "", false},
		{"/bin/ls", []string{"ls", "-c", "x"}, "", false},
		{"/bin/sh", nil, "", false},
	}
	for _, tt := range tests {
		got, ok := shellCommand(tt.path, tt.argv)
		if got != tt.want || ok != tt.ok {
			t.Errorf("shellCommand(%q, %q) = %q, %v; want %q, %v", tt.path, tt.argv, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzShellCommand(f *testing.F) {
	f.Add("sh", "-c", "ls", "x")
	f.Add("bash", "-o", "pipefail", "-c")
	f.Fuzz(func(t *testing.T, a0, a1, a2, a3 string) {
		argv := []string{a0, a1, a2, a3}
		cmd, ok := shellCommand("/bin/"+a0, argv)
		if ok {
			found := false
			for _, a := range argv[1:] {
				if a == cmd {
					found = true
				}
			}
			if !found {
				t.Fatalf("shellCommand(%q) = %q, not one of the arguments", argv, cmd)
			}
		}
	})
}

func TestFileOp(t *testing.T) {
	tests := []struct {
		op   string
		flag int
		want string
	}{
		{"open", os.O_RDONLY, "open"},
		{"open", os.O_WRONLY | os.O_TRUNC, "write"},
		{"open", os.O_RDWR | os.O_CREATE, "create"},
		{"remove", 0, "remove"},
	}
	for _, tt := range tests {
		if got := fileOp(tt.op, tt.flag); got != tt.want {
			t.Errorf("fileOp(%q, %#x) = %q, want %q", tt.op, tt.flag, got, tt.want)
		}
	}
}

// eventsAt drains a's events and returns those of hook point.
func eventsAt(a *agent.Agent, point string) []agent.Event {
	var out []agent.Event
	for _, e := range a.DrainEvents(0) {
		if e.HookPoint == point {
			out = append(out, e)
		}
	}
	return out
}

// The sql hook reuses its input from check to check (sqlInputs): each
// check must see its own query and dialect, nothing of the one before.
func TestSQLInputReuseKeepsChecksApart(t *testing.T) {
	a := newTestAgent(t, true) // monitor: attacks are reported, the request goes on
	r, req, _, end := inFlight(t, a, hookCases()[0].attack)
	defer end()
	ctx := r.Context()
	id := req.Query().Get("id")
	queries := []struct {
		dialect, query string
		attack         bool
	}{
		{"postgresql", "SELECT 1", false},
		{"postgresql", "SELECT * FROM users WHERE id = " + id, true},
		{"sqlite", "SELECT title FROM books WHERE id = 7", false},
		{"mysql", "SELECT name FROM books WHERE id = " + id + " LIMIT 1", true},
		{"sqlite", "SELECT count(*) FROM reviews", false},
	}
	var want []string
	for _, q := range queries {
		if err := SQLDialect(ctx, q.dialect, q.query); err != nil {
			t.Fatalf("%s: %v (monitor mode must not block)", q.query, err)
		}
		if q.attack {
			want = append(want, q.query)
		}
	}
	ev := eventsAt(a, "sql")
	if len(ev) != len(want) {
		t.Fatalf("%d sql events, want %d (%q): %+v", len(ev), len(want), want, ev)
	}
	for i, e := range ev {
		if e.Sink != want[i] {
			t.Errorf("event %d: sink %q, want %q", i, e.Sink, want[i])
		}
	}
}
