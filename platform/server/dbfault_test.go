package server_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sqreen-go/sqreen/platform/store"
	"github.com/sqreen-go/sqreen/platform/storetest"
)

// dbOutage takes the platform's database away and gives it back.
type dbOutage interface {
	start(t *testing.T)
	stop(t *testing.T)
}

// sqliteLock is the outage an embedded database has: another process (a
// backup, the sqlite3 shell) holds the write lock longer than the
// platform's busy timeout, so every write fails until it lets go; the
// platform's single connection then works again.
type sqliteLock struct {
	file string
	db   *sql.DB
	conn *sql.Conn
}

func (o *sqliteLock) start(t *testing.T) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+o.file+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err == nil {
		_, err = conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE")
	}
	if err != nil {
		t.Fatalf("take the SQLite write lock: %v", err)
	}
	o.db, o.conn = db, conn
}

func (o *sqliteLock) stop(t *testing.T) {
	t.Helper()
	if _, err := o.conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Errorf("release the SQLite lock: %v", err)
	}
	o.conn.Close()
	o.db.Close()
}

// pgRestart is a PostgreSQL restart as the platform sees it: from another
// connection, every backend of the platform (found by its
// application_name) is terminated with pg_terminate_backend, again and
// again until the outage ends, and the events table's batch markers are
// locked so that no heartbeat slips in between two rounds. Only the test's
// private schema and connections are touched.
type pgRestart struct {
	url, app string
	db       *sql.DB
	conn     *sql.Conn
	done     chan struct{}
	stopped  chan struct{}
}

func (o *pgRestart) start(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("pgx", withParam(t, o.url, "application_name", "sqreen-test-killer"))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, "BEGIN")
	}
	if err == nil {
		_, err = conn.ExecContext(ctx, "LOCK TABLE batches IN ACCESS EXCLUSIVE MODE")
	}
	if err != nil {
		t.Fatalf("postgres outage: %v", err)
	}
	o.db, o.conn, o.done, o.stopped = db, conn, make(chan struct{}), make(chan struct{})
	go func() {
		defer close(o.stopped)
		for {
			// Outside the lock's transaction: pg_stat_activity is read
			// once per transaction.
			db.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE application_name = $1 AND pid <> pg_backend_pid()`, o.app)
			select {
			case <-o.done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
}

func (o *pgRestart) stop(t *testing.T) {
	t.Helper()
	close(o.done)
	<-o.stopped
	if _, err := o.conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Errorf("end the postgres outage: %v", err)
	}
	o.conn.Close()
	o.db.Close()
}

func withParam(t *testing.T, raw, key, value string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// counter reads one counter of the replica's /metrics.
func counter(t *testing.T, httpAddr, name string) int64 {
	t.Helper()
	resp, err := http.Get("http://" + httpAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + name + ` (\d+)$`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("/metrics has no %s", name)
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return n
}

// TestDatabaseOutageMidRun: the platform's database goes away while a real
// agent reports attacks. Heartbeats fail during the outage (the platform
// answers Unavailable), the agent keeps its events and retries, and once
// the database is back every event is stored exactly once: none of those
// acknowledged before the outage is lost, none sent during it is lost or
// doubled.
func TestDatabaseOutageMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs an agent process")
	}
	bin := buildAgentApp(t)
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var dbURL string
			var outage dbOutage
			switch b.Name {
			case "sqlite":
				dbURL = b.URL + "?_pragma=busy_timeout(100)"
				outage = &sqliteLock{file: strings.TrimPrefix(b.URL, "sqlite://")}
			default:
				dbURL = withParam(t, b.URL, "application_name", "sqreen-test-platform")
				outage = &pgRestart{url: b.URL, app: "sqreen-test-platform"}
			}
			st := storetest.Backend{Name: b.Name, URL: dbURL}.Open(t, nil)
			app, token, err := st.CreateApp(ctx, "shop", "test")
			if err != nil {
				t.Fatal(err)
			}
			agentSettings(t, ctx, st, app.ID)
			g, h := replica(t, ctx, st, "replica-1")
			agent := startAgent(t, bin, g, token)
			attack := "/q?id=" + url.QueryEscape("1' OR '1'='1")
			count := func(ip string) int64 {
				n, err := st.CountEvents(ctx, store.EventFilter{AppID: app.ID, ClientIP: ip, RuleID: "rasp-sqli"})
				if err != nil {
					return -1 // the database may still be recovering
				}
				return n
			}
			waitExactly := func(ip string, want int64) {
				t.Helper()
				waitFor(t, "the events of "+ip, func() bool {
					n := count(ip)
					if n > want {
						t.Fatalf("%d events stored for %s, want %d: stored twice", n, ip, want)
					}
					return n == want
				})
			}

			const before, during = "203.0.113.10", "203.0.113.20"
			for range 5 {
				get(t, agent, attack, before)
			}
			waitExactly(before, 5)

			errs := counter(t, h, "sqreen_store_errors_total")
			outage.start(t)
			for i := range 5 {
				if code := get(t, agent, attack, during); code != http.StatusForbidden {
					t.Errorf("attack %d during the outage: status %d, want 403 (the app is unaffected)", i, code)
				}
			}
			waitFor(t, "a heartbeat failing on the database", func() bool { return counter(t, h, "sqreen_store_errors_total") > errs })
			outage.stop(t)

			waitExactly(during, 5)
			// Two more acknowledged heartbeats: nothing is resent as new.
			hb := counter(t, h, "sqreen_agent_heartbeats_total")
			waitFor(t, "two more heartbeats", func() bool { return counter(t, h, "sqreen_agent_heartbeats_total") >= hb+2 })
			if n, m := count(before), count(during); n != 5 || m != 5 {
				t.Errorf("after the outage: %d and %d events, want 5 and 5", n, m)
			}
		})
	}
}
