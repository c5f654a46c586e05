package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"closer/live"
	"closer/mail"
	"closer/sqlstore"
	"closer/web"
)

func runServe(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "serve", "[--addr 127.0.0.1:8080] [--demo]", &dsn)
	defAddr := e.getenv("CLOSER_ADDR")
	if defAddr == "" {
		defAddr = "127.0.0.1:8080"
	}
	addr := fs.String("addr", defAddr, "address to listen on (environment CLOSER_ADDR)")
	withDemo := fs.Bool("demo", false, "load the demo organization into an empty database and print how to sign in")
	trustProxy := fs.Bool("trust-proxy", e.getenv("CLOSER_TRUST_PROXY") == "true",
		"take the client's address from X-Forwarded-For (behind a reverse proxy only; environment CLOSER_TRUST_PROXY=true)")
	smtpURL := fs.String("smtp-url", e.getenv("CLOSER_SMTP_URL"),
		"SMTP server that sends the invitation e-mails, smtp://user:pass@host:587 (STARTTLS when offered) or smtps://...; empty: links are only shown (environment CLOSER_SMTP_URL)")
	fs.Lookup("smtp-url").DefValue = redact(*smtpURL)
	smtpFrom := fs.String("smtp-from", e.getenv("CLOSER_SMTP_FROM"),
		"sender of the e-mails, \"Closer <closer@example.com>\" (environment CLOSER_SMTP_FROM)")
	baseURL := fs.String("base-url", e.getenv("CLOSER_BASE_URL"),
		"public address of the site, https://crm.example.com, for the links of e-mails; empty: the request's (environment CLOSER_BASE_URL)")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	site, err := checkBaseURL(*baseURL)
	if err != nil {
		return err
	}
	var mailer *mail.SMTP
	if *smtpURL != "" {
		if mailer, err = mail.New(*smtpURL, *smtpFrom); err != nil {
			return err
		}
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	// The address first: a taken port or a typo must not leave a new
	// database, or a demo loaded into it, behind.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("%s %s: %w", addrSource(fs), *addr, err)
	}
	defer ln.Close() // when the start fails; Serve closes it otherwise
	db, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var signin []string
	if *withDemo {
		if signin, err = serveDemo(ctx, db); err != nil {
			return explain(e, err)
		}
	}
	// Pages update live; on PostgreSQL the other instances hear of this
	// one's changes, and this one of theirs.
	var relay live.Relay
	if sqlstore.IsPostgres(dsn) {
		relay = db
	}
	changes := live.NewBroker(live.DefaultWindow, relay, logger)
	listenCtx, stopListening := context.WithCancel(ctx)
	defer stopListening()
	go changes.Listen(listenCtx) // returns at once without a relay
	app := newServer(db, logger)
	app.TrustProxy = *trustProxy
	app.BaseURL = site
	if mailer != nil {
		app.Mailer = mailer
	}
	app.Changes = changes
	if err := app.Check(); err != nil { // a service left out of newServer
		return err
	}
	srv := &http.Server{
		Handler:           app.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // imports upload large files
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(changes.Close) // ends the live streams, which never go idle
	url, where := serveURL(ln.Addr())
	fmt.Fprintf(e.stdout, "Closer is running at %s (%sdatabase: %s)\n", url, where, redact(dsn))
	if mailer != nil {
		fmt.Fprintf(e.stdout, "Invitation e-mails go through %s\n", mailer)
	}
	for _, line := range signin {
		fmt.Fprintln(e.stdout, line)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stdout, "Closer stopped")
	return nil
}

// serveURL returns the address to open in a browser for the listener's
// address. Listening on every address (--addr :8080, 0.0.0.0:8080) gives
// http://[::]:8080, which browsers refuse: the URL is then the loopback's,
// and where says that other machines reach it too.
func serveURL(addr net.Addr) (url, where string) {
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("http://127.0.0.1:%d", tcp.Port), "on every address of this machine; "
	}
	return "http://" + addr.String(), ""
}

// addrSource names where the address to listen on came from, for an error:
// --addr, or the environment's CLOSER_ADDR.
func addrSource(fs *flag.FlagSet) string {
	if flagSet(fs, "addr") {
		return "--addr"
	}
	return "CLOSER_ADDR"
}

// newServer wires the store into the HTTP layer.
func newServer(db *sqlstore.DB, logger *slog.Logger) *web.Server {
	return &web.Server{
		Orgs:          db,
		Lists:         db,
		Accounts:      db,
		Opportunities: db,
		Sales:         db,
		Bulk:          db,
		Sessions:      db,
		Stats:         db,
		Exports:       db,
		Pipeline:      db,
		Lookups:       db,
		SavedFilters:  db,
		Audit:         db,
		Access:        db,
		PersonalData:  db,
		Invitations:   db,
		Notes:         db,
		Pulse:         db,
		Dashboard:     db,
		Thresholds:    db,
		Ping:          boundedPing(db.Ping, healthTimeout),
		Logger:        logger,
	}
}

// healthTimeout bounds /healthz's database check: a database that accepts
// connections but does not answer makes the probe answer 503 at once
// rather than hold it until the prober gives up.
const healthTimeout = 2 * time.Second

// boundedPing returns ping with its wait limited to d.
func boundedPing(ping func(context.Context) error, d time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return ping(ctx)
	}
}

// checkBaseURL accepts an empty base URL or an absolute http(s) one with a
// host and nothing after its path, and returns it without a final slash.
func checkBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := neturl.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--base-url %q: give the site's public address, such as https://crm.example.com", s)
	}
	return strings.TrimRight(s, "/"), nil
}
