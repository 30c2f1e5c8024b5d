package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/sqreen-go/sqreen/platform/server"
	"github.com/sqreen-go/sqreen/platform/store"
)

const usage = `usage: sqreen-platform <command> [flags]

commands:
  serve                 run the platform (gRPC agent API, HTTP /healthz, /metrics, dashboard)
  migrate               create or upgrade the database schema
  app create NAME       register an app and print its agent token (shown once)
  user create           create a dashboard user (--name, --role; password read from stdin)
  token create          create an API token (--name, --role; printed once)
  vulns import FILE     store an OSV export's advisories (JSON, JSON lines or zip) for the dashboard

Run "sqreen-platform <command> -h" for the flags of a command.
`

// env returns the environment value of key, or def.
func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; {
	case cmd == "serve":
		err = serve(ctx, rest, stderr)
	case cmd == "migrate":
		err = migrate(ctx, rest, stdout, stderr)
	case cmd == "app" && len(rest) > 0 && rest[0] == "create":
		err = appCreate(ctx, rest[1:], stdout, stderr)
	case cmd == "user" && len(rest) > 0 && rest[0] == "create":
		err = userCreate(ctx, rest[1:], stdin, stdout, stderr)
	case cmd == "token" && len(rest) > 0 && rest[0] == "create":
		err = tokenCreate(ctx, rest[1:], stdout, stderr)
	case cmd == "vulns" && len(rest) > 0 && rest[0] == "import":
		err = vulnsImport(ctx, rest[1:], stdout, stderr)
	case cmd == "help" || cmd == "-h" || cmd == "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "sqreen-platform: unknown command %q\n\n%s", strings.Join(args, " "), usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "sqreen-platform: %v\n", err)
		return 1
	}
	return 0
}

// newFlags returns a flag set with the --db flag every command has.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("sqreen-platform "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", env("SQREEN_PLATFORM_DB", "sqlite://sqreen.db"), "database URL: sqlite://FILE or postgres://... (env SQREEN_PLATFORM_DB)")
	return fs, db
}

func openStore(ctx context.Context, db string) (*store.Store, error) {
	return store.Open(ctx, db, store.Options{})
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs, db := newFlags("serve", stderr)
	grpcAddr := fs.String("grpc-addr", env("SQREEN_PLATFORM_GRPC_ADDR", ":9443"), "agents' gRPC API address (env SQREEN_PLATFORM_GRPC_ADDR)")
	httpAddr := fs.String("http-addr", env("SQREEN_PLATFORM_HTTP_ADDR", ":8080"), "HTTP address for /healthz, /metrics and the dashboard (env SQREEN_PLATFORM_HTTP_ADDR)")
	cert := fs.String("tls-cert", env("SQREEN_PLATFORM_TLS_CERT", ""), "TLS certificate file (PEM) for gRPC and HTTP (env SQREEN_PLATFORM_TLS_CERT)")
	key := fs.String("tls-key", env("SQREEN_PLATFORM_TLS_KEY", ""), "TLS key file (PEM) (env SQREEN_PLATFORM_TLS_KEY)")
	retention := fs.Duration("retention", envDuration("SQREEN_PLATFORM_RETENTION", 30*24*time.Hour), "how long events and rollups are kept (env SQREEN_PLATFORM_RETENTION)")
	playbooks := fs.Duration("playbook-interval", 10*time.Second, "time between playbook runs")
	queueWait := fs.Duration("max-queue-wait", envDuration("SQREEN_PLATFORM_MAX_QUEUE_WAIT", store.DefaultMaxQueueWait),
		"refuse heartbeats (ResourceExhausted, agents retry later) while they wait longer than this for the database; 0 never refuses (env SQREEN_PLATFORM_MAX_QUEUE_WAIT)")
	pprofAddr := fs.String("pprof-addr", env("SQREEN_PLATFORM_PPROF_ADDR", ""), "serve Go profiles (net/http/pprof) on this address, e.g. 127.0.0.1:6060; off when empty (env SQREEN_PLATFORM_PPROF_ADDR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected arguments %q", fs.Args())
	}
	if *retention <= 0 {
		return fmt.Errorf("serve: --retention %s: must be positive", *retention)
	}
	if *queueWait < 0 {
		return fmt.Errorf("serve: --max-queue-wait %s: must be 0 (never refuse) or positive", *queueWait)
	}
	if *queueWait == 0 {
		*queueWait = -1 // the store's "never"; its 0 means the default
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	return server.Run(ctx, server.Config{
		GRPCAddr: *grpcAddr, HTTPAddr: *httpAddr, TLSCert: *cert, TLSKey: *key, DB: *db,
		Retention: *retention, PlaybookInterval: *playbooks, MaxQueueWait: *queueWait, PprofAddr: *pprofAddr,
		Logger: logger, Handler: dashboardHandler,
	})
}

func envDuration(key string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(key); ok {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
		fmt.Fprintf(os.Stderr, "sqreen-platform: %s=%q is not a duration; using %s\n", key, v, def)
	}
	return def
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("migrate", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := store.Open(ctx, *db, store.Options{NoMigrate: true})
	if err != nil {
		return err
	}
	defer s.Close()
	applied, err := s.Migrate(ctx)
	for _, m := range applied {
		fmt.Fprintf(stdout, "applied %s\n", m)
	}
	if err == nil && len(applied) == 0 {
		fmt.Fprintln(stdout, "schema is up to date")
	}
	return err
}

func appCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("app create", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("app create: want one NAME")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	app, token, err := s.CreateApp(ctx, fs.Arg(0), "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "app %q created (id %d).\nAgent token (shown once, store it now):\n\n  SQREEN_TOKEN=%s\n", app.Name, app.ID, token)
	return nil
}

func userCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, db := newFlags("user create", stderr)
	name := fs.String("name", "", "user name")
	role := fs.String("role", store.RoleViewer, "admin or viewer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" {
		return errors.New("user create: --name is required")
	}
	fmt.Fprintf(stderr, "password for %s (one line on stdin): ", *name)
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("user create: read password: %w", err)
	}
	fmt.Fprintln(stderr)
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.CreateUser(ctx, *name, strings.TrimRight(line, "\r\n"), *role, 0, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %q created with role %s\n", u.Name, u.Role)
	return nil
}

func tokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := newFlags("token create", stderr)
	name := fs.String("name", "", "what the token is for")
	role := fs.String("role", store.RoleViewer, "admin or viewer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" {
		return errors.New("token create: --name is required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	t, token, err := s.CreateAPIToken(ctx, *name, *role, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "API token %q (%s) created. Use it as \"Authorization: Bearer %s\" (shown once).\n", t.Name, t.Role, token)
	return nil
}
