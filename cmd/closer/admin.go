package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"closer"
	"closer/sqlstore"

	"golang.org/x/term"
)

// openDB opens and migrates the database named by --db, creating a SQLite
// file that does not exist yet: for serve, migrate and demo only.
func openDB(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	if err := checkDSN(dsn); err != nil {
		return nil, err
	}
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return migrated(ctx, db)
}

// openExistingDB opens and migrates the database named by --db, which must
// exist: a mistyped path, or the default closer.db run from another
// directory, must not become a new, empty database that a backup then
// copies or that a new user lands in.
func openExistingDB(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	if err := checkDSN(dsn); err != nil {
		return nil, err
	}
	db, err := sqlstore.OpenExisting(ctx, dsn)
	if errors.Is(err, sqlstore.ErrNoDatabase) {
		return nil, fmt.Errorf("no database at %s: create it with `closer migrate --db %s`, or check --db (environment CLOSER_DB)", dsn, dsn)
	} else if err != nil {
		return nil, err
	}
	return migrated(ctx, db)
}

// checkDSN refuses an empty --db (an unset variable in --db "$DATABASE_URL"),
// and a URL of another database (mysql://, sqlite://), which would be
// taken for the path of a SQLite file.
func checkDSN(dsn string) error {
	if strings.TrimSpace(dsn) == "" {
		return errors.New("--db is empty: give a SQLite file path or a postgres:// URL")
	}
	if scheme, _, ok := strings.Cut(dsn, "://"); ok && !sqlstore.IsPostgres(dsn) {
		return fmt.Errorf("--db %s: Closer takes a SQLite file path (closer.db, not %s://…) or a postgres:// URL", redact(dsn), scheme)
	}
	return nil
}

// migrated applies the migrations to a database just opened.
func migrated(ctx context.Context, db *sqlstore.DB) (*sqlstore.DB, error) {
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// explain prints an application error the way a person reads it.
func explain(e env, err error) error {
	if err == nil {
		return nil
	}
	if code := closer.ErrorCode(err); code != closer.EINTERNAL {
		if f := closer.ErrorField(err); f != "" {
			fmt.Fprintf(e.stderr, "closer: %s (%s)\n", closer.ErrorMessage(err), f)
		} else {
			fmt.Fprintf(e.stderr, "closer: %s\n", closer.ErrorMessage(err))
		}
		return errReported
	}
	return err
}

func runMigrate(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "migrate", "[--db PATH_OR_URL]", &dsn)
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if err := checkDSN(dsn); err != nil {
		return err
	}
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.ApplyMigrations(ctx)
	switch {
	case err != nil:
		return err
	case n == 0:
		fmt.Fprintln(e.stdout, "schema up to date")
	case n == 1:
		fmt.Fprintln(e.stdout, "applied 1 migration")
	default:
		fmt.Fprintf(e.stdout, "applied %d migrations\n", n)
	}
	return nil
}

func runOrgAdd(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "org add", "--name NAME [--slug SLUG] [--currency EUR] [--timezone Europe/Paris] [--lang fr|en]", &dsn)
	name := fs.String("name", "", "the organization's name (required)")
	slug := fs.String("slug", "", "URL name (default: derived from the name)")
	currency := fs.String("currency", "EUR", "ISO 4217 currency code, one with two decimals (amounts are counted in hundredths)")
	tz := fs.String("timezone", "Europe/Paris", "IANA time zone for dates and periods")
	lang := fs.String("lang", "fr", "language of the default stages and reasons: fr or en")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if *name == "" {
		fmt.Fprintln(e.stderr, "closer org add: --name is required")
		fs.Usage()
		return errUsage
	}
	if *slug == "" && closer.Slugify(*name) == "" {
		return usageError(e, fs, "the name %q gives no slug (it has no Latin letter or digit): pass --slug, such as --slug my-company", *name)
	}
	cur, err := parseCurrency(*currency)
	if err != nil {
		return usageError(e, fs, "%v", err)
	}
	if strings.TrimSpace(*tz) == "" {
		return usageError(e, fs, "--timezone is empty: give an IANA time zone such as Europe/Paris")
	}
	l, err := parseLang(*lang)
	if err != nil {
		return usageError(e, fs, "%v", err)
	}
	db, err := openExistingDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	org := &closer.Org{Name: *name, Slug: *slug, Currency: cur, Timezone: *tz}
	if err := db.CreateOrg(closer.NewSystemContext(ctx), org, l); err != nil {
		if *slug == "" && closer.ErrorCode(err) == closer.ECONFLICT && closer.ErrorField(err) == "slug" {
			// The slug came from the name: say so, and how to choose another.
			fmt.Fprintf(e.stderr, "closer org add: the name %q gives the slug %s, which another organization has: pass --slug, such as --slug %s-2\n", *name, org.Slug, org.Slug)
			return errReported
		}
		return explain(e, err)
	}
	fmt.Fprintln(e.stdout, org.Slug)
	return nil
}

// langs are the languages of the app, its lists and its pages.
var langs = []string{"fr", "en"}

// parseLang reads --lang: one of langs, in any case.
func parseLang(s string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(langs, l) {
		return "", fmt.Errorf("--lang %q: choose %s", s, strings.Join(langs, " or "))
	}
	return l, nil
}

// parseCurrency reads --currency: an ISO 4217 code, in any case, returned
// in capitals, whose minor unit is the hundredth (closer.CheckCurrency).
func parseCurrency(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", errors.New("--currency is empty: give an ISO 4217 code such as EUR")
	}
	code := strings.ToUpper(strings.TrimSpace(s))
	if !closer.IsCurrency(code) {
		return "", fmt.Errorf("--currency %q is not an ISO 4217 currency code (such as EUR, USD, CHF)", s)
	} else if err := closer.CheckCurrency(code); err != nil {
		return "", fmt.Errorf("--currency %s: %s", code, closer.ErrorMessage(err))
	}
	return code, nil
}

func runUserAdd(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "user add", "--email EMAIL [--name NAME] < password   (on a terminal: asks for it, without echo)", &dsn)
	email := fs.String("email", "", "the user's e-mail address (required)")
	name := fs.String("name", "", "display name (default: from the e-mail)")
	lang := fs.String("lang", "", "interface language: fr or en (default: from the browser)")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if *email == "" {
		fmt.Fprintln(e.stderr, "closer user add: --email is required")
		fs.Usage()
		return errUsage
	}
	if *lang != "" {
		l, err := parseLang(*lang)
		if err != nil {
			return usageError(e, fs, "%v", err)
		}
		*lang = l
	}
	password, err := readPassword(ctx, e)
	if err != nil {
		return err
	}
	db, err := openExistingDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u := &closer.User{Email: *email, Name: *name, Lang: *lang}
	if err := db.CreateUser(closer.NewSystemContext(ctx), u, password); err != nil {
		return explain(e, err)
	}
	if password == "" {
		fmt.Fprintf(e.stdout, "user %s created without a password (cannot sign in yet)\n", u.Email)
	} else {
		fmt.Fprintf(e.stdout, "user %s created\n", u.Email)
	}
	return nil
}

// readPassword reads the password: on a terminal, after a prompt on
// stderr and without echoing it; otherwise the first line of standard input
// (echo 'a long passphrase' | closer user add ...). No input means no password.
func readPassword(ctx context.Context, e env) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return promptPassword(ctx, e, int(f.Fd()))
	}
	if e.stdin == nil {
		return "", nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", nil
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// promptPassword asks for the password on the terminal fd with echo off.
// An interrupt (Ctrl-C) ends the wait and gives the terminal back as it was.
func promptPassword(ctx context.Context, e env, fd int) (string, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	fmt.Fprint(e.stderr, "Password (empty for none): ")
	type result struct {
		b   []byte
		err error
	}
	read := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		read <- result{b, err}
	}()
	select {
	case r := <-read:
		fmt.Fprintln(e.stderr)
		if r.err != nil {
			return "", fmt.Errorf("read the password: %w", r.err)
		}
		return string(r.b), nil
	case <-ctx.Done():
		term.Restore(fd, state)
		fmt.Fprintln(e.stderr)
		return "", ctx.Err()
	}
}

func runMemberAdd(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "member add", "--org SLUG --email EMAIL --role owner|manager|sales|consultant", &dsn)
	slug := fs.String("org", "", "the organization's slug (required)")
	email := fs.String("email", "", "the user's e-mail address (required)")
	role := fs.String("role", "", "owner, manager, sales or consultant (required)")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if *slug == "" || *email == "" || *role == "" {
		fmt.Fprintln(e.stderr, "closer member add: --org, --email and --role are required")
		fs.Usage()
		return errUsage
	}
	// In any case, as --lang and --currency: Owner is owner.
	r, err := closer.ParseRole(strings.ToLower(strings.TrimSpace(*role)))
	if err != nil {
		return explain(e, err)
	}
	db, actx, err := openOrg(ctx, e, dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	before, err := memberByEmail(actx, db, *email)
	if err != nil {
		return explain(e, err)
	}
	if err := db.AddMember(closer.NewSystemContext(ctx), *slug, *email, r); err != nil {
		return explain(e, userNotFound(err, *email))
	}
	// The store audits the members an owner adds, not the command line's:
	// the entries are written here, named as the command line, as
	// closer export does.
	addr, _ := closer.NormalizeEmail(*email)
	entry := func(action, detail string) closer.AuditEntry {
		return closer.AuditEntry{Action: action, UserName: "command line (closer member add)", Target: addr, Detail: detail}
	}
	var entries []closer.AuditEntry
	switch {
	case before == nil:
		entries = append(entries, entry(closer.AuditMemberAdd, string(r)))
		fmt.Fprintf(e.stdout, "%s is %s of %s\n", addr, r, *slug)
	case before.Role != r:
		entries = append(entries, entry(closer.AuditMemberRole, string(before.Role)+" → "+string(r)))
		fmt.Fprintf(e.stdout, "%s: role changed from %s to %s in %s\n", addr, before.Role, r, *slug)
	default:
		fmt.Fprintf(e.stdout, "%s is %s of %s (unchanged)\n", addr, r, *slug)
	}
	if before != nil && !before.Active {
		entries = append(entries, entry(closer.AuditMemberActivate, ""))
		fmt.Fprintf(e.stdout, "%s is active again in %s\n", addr, *slug)
	}
	for _, en := range entries {
		if err := db.Record(actx, en); err != nil {
			return explain(e, err)
		}
	}
	return nil
}

// userNotFound names the e-mail address of a user not found, and how to
// create the user; any other error is returned as it is.
func userNotFound(err error, email string) error {
	if closer.ErrorCode(err) != closer.ENOTFOUND {
		return err
	}
	return closer.FieldError("email", "No user has the e-mail address %s: create the user first (closer user add --email %s).", email, email)
}

// memberByEmail returns the member of the actor's org with that e-mail
// address, or nil.
func memberByEmail(ctx context.Context, db *sqlstore.DB, email string) (*closer.Member, error) {
	addr, err := closer.NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	members, err := db.Members(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if m.Email == addr {
			return &m, nil
		}
	}
	return nil, nil
}

func runTokenCreate(ctx context.Context, e env, args []string) error {
	var dsn string
	fs := newFlags(e, "token create", "--email EMAIL [--name LABEL]", &dsn)
	email := fs.String("email", "", "the user's e-mail address (required)")
	name := fs.String("name", "cli", "a label to recognise the token")
	if err := parse(e, fs, args); err != nil {
		return err
	}
	if *email == "" {
		fmt.Fprintln(e.stderr, "closer token create: --email is required")
		fs.Usage()
		return errUsage
	}
	db, err := openExistingDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByEmail(ctx, *email)
	if err != nil {
		return explain(e, userNotFound(err, *email))
	}
	secret, _, err := db.CreateToken(ctx, u.ID, *name)
	if err != nil {
		return explain(e, err)
	}
	fmt.Fprintf(e.stdout, "API token for %s (shown once; use it as: Authorization: Bearer <token>):\n%s\n", u.Email, secret)
	return nil
}
