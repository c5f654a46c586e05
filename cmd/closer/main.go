// Command closer runs Closer: the web app and API (serve), and the
// administrative subcommands of SPEC section 4. Run `closer help` for the list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
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
		{"user add", "create a user; the password is read from standard input", runUserAdd},
		{"member add", "make a user a member of an organization with a role", runMemberAdd},
		{"token create", "create a personal API token and print it", runTokenCreate},
		{"import", "import opportunities from a CSV or XLSX file, all or nothing", runImport},
		{"export", "export an organization's opportunities (or other records) as CSV, JSON or XLSX", runExport},
		{"backup", "write a consistent copy of a SQLite database to a file", runBackup},
		{"help", "list the subcommands", nil},
	}
}

// run is the whole program, testable: arguments, environment and streams in,
// an error out.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(stdout)
		return nil
	}
	for _, c := range commands() {
		words := len(splitWords(c.name))
		if c.run != nil && len(args) >= words && joinWords(args[:words]) == c.name {
			err := c.run(ctx, e, args[words:])
			if errors.Is(err, errHelp) {
				return nil
			}
			return err
		}
	}
	fmt.Fprintf(stderr, "closer: unknown command %q\n\n", joinWords(args[:min(2, len(args))]))
	printHelp(stderr)
	return errUsage
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
	fmt.Fprintln(w, "Every command takes --db PATH_OR_URL (default closer.db, environment CLOSER_DB):")
	fmt.Fprintln(w, "a SQLite file path or a postgres:// URL.")
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

// newFlags returns a flag set for a subcommand with the common --db flag;
// usage goes to stderr with the command's line of help.
func newFlags(e env, name, usage string, dbPath *string) *flag.FlagSet {
	fs := flag.NewFlagSet("closer "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := e.getenv("CLOSER_DB")
	if def == "" {
		def = "closer.db"
	}
	fs.StringVar(dbPath, "db", def, "SQLite file path or postgres:// URL (environment CLOSER_DB)")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: closer %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; -h prints usage and ends the command successfully.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	return nil
}

// errHelp ends a command after its usage was printed on request.
var errHelp = errors.New("help")
