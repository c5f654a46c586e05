// Command closer runs Closer: the web app and API (serve), and the
// administrative subcommands of SPEC section 4. Run `closer help` for the list.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) && !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "closer:", err)
		}
		os.Exit(exitCode(err))
	}
}

var (
	// errUsage says the usage was already printed (exit status 2).
	errUsage = errors.New("usage")
	// errReported says the failure was already explained on stderr (exit status 1).
	errReported = errors.New("reported")
)

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// env is how subcommands read their environment and talk to the terminal.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand: its name (one or two words), a line of help and
// the function that parses its flags and runs it.
type command struct {
	name string
	help string
	run  func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the web app and the API", runServe},
		{"migrate", "apply the database schema migrations", runMigrate},
		{"demo", "load the demo organization (a French small business, two years of history)", runDemo},
		{"org add", "create an organization and print its slug", runOrgAdd},
		{"user add", "create a user; the password is read from standard input (asked for on a terminal)", runUserAdd},
		{"member add", "make a user a member of an organization with a role", runMemberAdd},
		{"token create", "create a personal API token and print it", runTokenCreate},
		{"import", "import opportunities, accounts, contacts, orders, quotes or activities from a CSV or XLSX file, all or nothing", runImport},
		{"export", "export an organization's opportunities (or other records) as CSV, JSON or XLSX", runExport},
		{"backup", "copy the database to a file: SQLite with VACUUM INTO, PostgreSQL with pg_dump", runBackup},
		{"help", "list the subcommands; closer help <command> prints its usage", nil},
	}
}

// run is the whole program, testable: arguments, environment and streams in,
// an error out.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	args, err := dbFlagFirst(args)
	if err != nil {
		fmt.Fprintf(stderr, "closer: %v\n\n", err)
		printHelp(stderr)
		return errUsage
	}
	if len(args) > 1 && args[0] == "help" && isHelpFlag(args[len(args)-1]) {
		// closer help -h is help's own usage, the list (exit status 0, as
		// every command's -h); closer help serve -h is serve's usage
		args = args[:len(args)-1]
	}
	if len(args) == 0 || isHelpFlag(args[0]) || len(args) == 1 && args[0] == "help" {
		printHelp(stdout)
		return nil
	}
	if args[0] == "help" {
		// closer help org: the usage of each org command, as closer org -h.
		if group := groupCommands(args[1]); len(group) > 0 && len(args) == 2 {
			printGroupUsage(ctx, e, group)
			return nil
		}
		// closer help serve: serve's usage, as closer serve -h prints it.
		c, ok := findCommand(args[1:])
		if !ok || len(splitWords(c.name)) != len(args)-1 {
			fmt.Fprintf(stderr, "closer help: unknown command %q\n\n", joinWords(args[1:]))
			printHelp(stderr)
			return errUsage
		}
		if c.run == nil {
			printHelp(stdout)
			return nil
		}
		args = append(args[1:], "-h")
	}
	c, ok := findCommand(args)
	if group := groupCommands(args[0]); !ok && len(group) > 0 {
		// a group's word alone, with -h, or with a subcommand it lacks
		switch {
		case len(args) == 2 && isHelpFlag(args[1]):
			printGroupUsage(ctx, e, group)
			return nil
		case len(args) == 1 || strings.HasPrefix(args[1], "-"):
			fmt.Fprintf(stderr, "closer %s: a subcommand is missing\n\n", args[0])
		default:
			fmt.Fprintf(stderr, "closer: unknown command %q\n\n", joinWords(args[:2]))
		}
		printGroupUsage(ctx, env{getenv: getenv, stdin: stdin, stdout: stderr, stderr: stderr}, group)
		return errUsage
	}
	if !ok || c.run == nil {
		fmt.Fprintf(stderr, "closer: unknown command %q\n\n", joinWords(args[:min(2, len(args))]))
		printHelp(stderr)
		return errUsage
	}
	err = c.run(ctx, e, args[len(splitWords(c.name)):])
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

// dbFlagFirst takes --db given before the command, which every command
// has (closer --db x.db migrate), and puts it after the command's words,
// where the command reads it (closer migrate --db x.db). Any other flag
// before the command is an error that says where flags go.
func dbFlagFirst(args []string) ([]string, error) {
	var db []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && !isHelpFlag(args[0]) {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		switch {
		case name != "db":
			return nil, fmt.Errorf("%s before the command: flags go after it (closer COMMAND %s ...); only --db may come first", args[0], args[0])
		case hasValue:
			db, args = append(db, args[0]), args[1:]
		case len(args) < 2:
			return nil, errors.New("--db needs a value: a SQLite file path or a postgres:// URL")
		default:
			db, args = append(db, args[0], args[1]), args[2:]
		}
	}
	if len(db) == 0 {
		return args, nil
	}
	if len(args) == 0 {
		return nil, errors.New("a command is missing after --db")
	}
	c, ok := findCommand(args)
	if !ok || c.run == nil {
		return args, nil // help, or a command run says it does not know
	}
	words := len(splitWords(c.name))
	return append(append(slices.Clip(args[:words]), db...), args[words:]...), nil
}

// isHelpFlag reports whether arg asks for help, as the flag package reads
// it (-h, -help, with one dash or two).
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}

// findCommand returns the command whose name starts args.
func findCommand(args []string) (command, bool) {
	for _, c := range commands() {
		words := len(splitWords(c.name))
		if len(args) >= words && joinWords(args[:words]) == c.name {
			return c, true
		}
	}
	return command{}, false
}

// groupCommands returns the commands of two words whose first word is word
// (org: org add), none when word names no group.
func groupCommands(word string) []command {
	var out []command
	for _, c := range commands() {
		if words := splitWords(c.name); len(words) > 1 && words[0] == word {
			out = append(out, c)
		}
	}
	return out
}

// printGroupUsage prints the usage of each command of a group on e.stdout,
// as each prints it on -h.
func printGroupUsage(ctx context.Context, e env, group []command) {
	for i, c := range group {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "closer %s: %s\n", c.name, c.help)
		c.run(ctx, env{getenv: e.getenv, stdin: e.stdin, stdout: e.stdout, stderr: e.stdout}, []string{"-h"})
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Closer: a sales CRM that follows every opportunity to its real ending.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: closer <command> [flags]   (closer <command> -h for its flags)")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.help)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every command takes --db PATH_OR_URL (default closer.db, environment CLOSER_DB),")
	fmt.Fprintln(w, "a SQLite file path or a postgres:// URL, after the command or before it.")
}

func splitWords(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func joinWords(ws []string) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += " "
		}
		s += w
	}
	return s
}

// newFlags returns a flag set for a subcommand with the common --db flag.
// Its usage goes to stdout when asked for with -h, to stderr after a flag
// error (parse chooses).
func newFlags(e env, name, usage string, dbPath *string) *flag.FlagSet {
	fs := flag.NewFlagSet("closer "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := e.getenv("CLOSER_DB")
	if def == "" {
		def = "closer.db"
	}
	fs.StringVar(dbPath, "db", def, "SQLite file path or postgres:// URL (environment CLOSER_DB)")
	// The usage shows the default without the password a URL may carry.
	fs.Lookup("db").DefValue = redact(def)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: closer %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses the flags of a subcommand that takes no other argument;
// -h prints the usage on stdout and ends the command successfully.
func parse(e env, fs *flag.FlagSet, args []string) error {
	rest, err := parseArgs(e, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError(e, fs, "unexpected argument %q: quote a name with spaces", rest[0])
	}
	return nil
}

// parseArgs parses the flags wherever they stand among the arguments, and
// returns the other arguments (all of those after "--"). Go's flag package
// stops at the first word that is not a flag: `--name Menuiserie Dupont
// --slug dupont` would drop --slug without a word. An empty --db is
// refused: it is an unset variable in --db "$DATABASE_URL", not a database.
func parseArgs(e env, fs *flag.FlagSet, args []string) ([]string, error) {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	defer fs.SetOutput(e.stderr)
	var rest []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			io.Copy(e.stdout, &buf)
			return nil, errHelp
		} else if err != nil {
			io.Copy(e.stderr, &buf)
			return nil, errUsage
		}
		left := fs.Args()
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			rest = append(rest, left...)
			break
		}
		if len(left) == 0 {
			break
		}
		rest, args = append(rest, left[0]), left[1:]
	}
	fs.SetOutput(e.stderr)
	if db := fs.Lookup("db"); db != nil && strings.TrimSpace(db.Value.String()) == "" {
		return nil, usageError(e, fs, "--db is empty: give a SQLite file path or a postgres:// URL")
	}
	return rest, nil
}

// usageError prints a message about the command's arguments and its usage
// on stderr (exit status 2).
func usageError(e env, fs *flag.FlagSet, format string, args ...any) error {
	fs.SetOutput(e.stderr)
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return errUsage
}

// errHelp ends a command after its usage was printed on request.
var errHelp = errors.New("help")
